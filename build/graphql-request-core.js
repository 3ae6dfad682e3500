// The part of graphql-request that bwell-connect uses, built into dist/vendor/graphql-request.js without
// graphql's parser (see rollup.config.mjs).
export { ClientError, GraphQLClient } from 'graphql-request';

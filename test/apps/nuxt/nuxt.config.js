import { defineNuxtConfig } from 'nuxt/config';

export default defineNuxtConfig({
  compatibilityDate: '2026-01-01',
  devtools: { enabled: false },
  telemetry: false,
  // <bwell-connect> is a custom element, not a Vue component.
  vue: { compilerOptions: { isCustomElement: (tag) => tag === 'bwell-connect' } },
  runtimeConfig: {
    // Server only, from NUXT_BWELL_ACCESS_TOKEN at run time; read by server/api/bwell-token.get.js.
    bwellAccessToken: '',
    // Sent to the browser (serialized into the page): only settings that are not secret.
    // From NUXT_PUBLIC_BWELL_ENDPOINT and NUXT_PUBLIC_BWELL_TRUSTED_ORIGINS at run time.
    public: { bwellEndpoint: '', bwellTrustedOrigins: '' },
  },
});

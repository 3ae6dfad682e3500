// The member's b.well access token, for the browser to fetch when the member clicks. In a real app it comes
// from the signed-in member's server-side session; here, from the private runtime config (NUXT_BWELL_ACCESS_TOKEN).
export default defineEventHandler((event) => {
  const token = useRuntimeConfig(event).bwellAccessToken;
  if (!token) throw createError({ statusCode: 503, statusMessage: 'No access token configured' });
  setResponseHeaders(event, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  return token;
});

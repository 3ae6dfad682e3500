// The member's b.well access token, for the browser to fetch when the member clicks. In a real app it comes
// from the signed-in member's server-side session; here, from the environment.
import { env } from '$env/dynamic/private';

/** @returns {Response} */
export function GET() {
  const token = env.BWELL_ACCESS_TOKEN;
  if (!token) return new Response('No access token configured', { status: 503 });
  return new Response(token, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

// A server component: it renders on the server and never sees the member's access token. Settings that are not
// secret (the endpoint, the trusted completion origin) come from the server's environment at request time.
import { Connect } from './connect';

// Read the environment per request, not once at build time.
export const dynamic = 'force-dynamic';

export default function Page() {
  const endpoint = process.env.BWELL_ENDPOINT;
  const trustedOrigins = process.env.BWELL_TRUSTED_ORIGINS;
  return (
    <main>
      <h1>Connect your health records</h1>
      <Connect connectionId="proa_demo" endpoint={endpoint} trustedOrigins={trustedOrigins}>
        Connect Example Health
      </Connect>
      <Connect connectionId="epic_on_fhir_sandbox" endpoint={endpoint} trustedOrigins={trustedOrigins}>
        Connect Epic (sandbox)
      </Connect>
    </main>
  );
}

'use client';
// A client component: the wrapper sets connectionId, endpoint and accessToken as properties in the browser
// (none of them is rendered into the server's HTML) and attaches the event props after hydration.
import { useState, type ReactNode } from 'react';
import { BwellConnect } from 'bwell-connect/react';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from 'bwell-connect';

// Called by the element once per attempt, in the browser: the token comes from this app's own route and never
// enters the server-rendered HTML.
async function getToken(): Promise<string> {
  const response = await fetch('/api/bwell-token', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The token route answered HTTP ${response.status}`);
  return response.text();
}

type Props = { connectionId: string; endpoint?: string; trustedOrigins?: string; children: ReactNode };

export function Connect({ connectionId, endpoint, trustedOrigins, children }: Props) {
  const [events, setEvents] = useState<string[]>([]);
  const onSuccess = (event: ConnectionSuccessEvent) =>
    setEvents((list) => [...list, `connection-success ${event.detail.connectionId}`]);
  const onFailure = (event: ConnectionFailureEvent) =>
    setEvents((list) => [...list, `connection-failure ${event.detail.connectionId} ${event.detail.status}`]);
  return (
    <section>
      <BwellConnect
        connectionId={connectionId}
        endpoint={endpoint}
        trustedOrigins={trustedOrigins}
        accessToken={getToken}
        onConnectionSuccess={onSuccess}
        onConnectionFailure={onFailure}
      >
        {children}
      </BwellConnect>
      <ol data-events={connectionId}>
        {events.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ol>
    </section>
  );
}

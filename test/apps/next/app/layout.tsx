import type { ReactNode } from 'react';

// No icon file: an empty one, so the browser asks for no /favicon.ico (a 404 would be a console error).
export const metadata = { title: 'bwell-connect in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

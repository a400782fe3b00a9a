// The server-rendered page's client: hydrates what entry-server.tsx rendered.
import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './App';

hydrateRoot(
  document.getElementById('root')!,
  <StrictMode>
    <App base="/ssr" path={location.pathname.slice('/ssr'.length) || '/'} />
  </StrictMode>,
);

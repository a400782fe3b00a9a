// The server-rendered page's server side: the app rendered to a string for one path.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './App';

export function render(path: string): string {
  return renderToString(
    <StrictMode>
      <App base="/ssr" path={path} />
    </StrictMode>,
  );
}

// The Vite app's entry, as Vite's React template has it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App base="" path={location.pathname} />
  </StrictMode>,
);

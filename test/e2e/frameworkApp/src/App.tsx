// The app around the README's React recipe (app/tracker.ts, app/Analytics.tsx, copied from the
// README next to this folder's files): two pages with React 19 <title>s, links that route the way
// routers do (pushState, then render), a button that tracks, one that throws.
import { useEffect, useState, type MouseEvent } from 'react';
import { Analytics } from '../app/Analytics';
import { getTracker } from '../app/tracker';

const pages: Record<string, { title: string; heading: string }> = {
  '/': { title: 'Home page', heading: 'Home' },
  '/about': { title: 'About page', heading: 'About' },
};

/** `base`: where the app is mounted ('' for the Vite app, '/ssr' for the server-rendered one). */
export function App({ base, path: initial }: { base: string; path: string }) {
  const [path, setPath] = useState(initial);
  useEffect(() => {
    const onPop = () => setPath(location.pathname.slice(base.length) || '/');
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [base]);
  const link = (to: string, text: string) => (
    <a
      href={base + to}
      onClick={(e: MouseEvent) => {
        e.preventDefault();
        history.pushState(null, '', base + to);
        setPath(to);
      }}
    >
      {text}
    </a>
  );
  const page = pages[path] ?? { title: 'Not found', heading: 'Not found' };
  return (
    <>
      <Analytics />
      <title>{page.title}</title>
      <nav>
        {link('/', 'Home')} {link('/about', 'About')}
      </nav>
      <h1>{page.heading}</h1>
      <button onClick={() => getTracker().track({ event: 'signup', plan: 'pro' })}>Sign up</button>
      <button
        onClick={() => {
          throw new Error('checkout failed');
        }}
      >
        Check out
      </button>
    </>
  );
}

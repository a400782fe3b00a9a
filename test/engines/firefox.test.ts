// The engine-neutral browser tests in Firefox (Debian's firefox-esr, headless, WebDriver BiDi).
import { runEngine } from './runEngine.ts';
import { launchFirefox } from './launchFirefox.ts';

runEngine(launchFirefox);

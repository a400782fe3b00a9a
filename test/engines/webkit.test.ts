// The engine-neutral browser tests in WebKit (WebKitGTK's MiniBrowser under Xvfb, classic WebDriver).
import { runEngine } from './runEngine.ts';
import { launchWebKit } from './launchWebKit.ts';

runEngine(launchWebKit);

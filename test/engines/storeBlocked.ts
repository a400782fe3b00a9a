// Whether the tracker's IndexedDB store answers at all, asked from a page: a read-only count on
// its object store with a 3 s limit. In WebKit a page that left with a write of the store open
// can keep that transaction open after it is gone (README, "Browsers and engines"), and then no
// transaction of any tab of the origin on that store runs, not even a read.
import type { Tab } from './Engine.ts';

// A string, not a function: tsx's helpers (__name) do not exist in the page.
const probe = `return (async function () {
  var dbs = await indexedDB.databases();
  var found = dbs.find(function (d) { return d.name && d.name.indexOf('sls-webtrack ') === 0; });
  if (!found) return 'no database';
  var timeout = new Promise(function (r) { setTimeout(function () { r('blocked'); }, 3000); });
  var answer = new Promise(function (res) {
    var open = indexedDB.open(found.name);
    open.onerror = function () { res('open failed'); };
    open.onsuccess = function () {
      var db = open.result;
      var c = db.transaction(db.objectStoreNames[0], 'readonly').objectStore(db.objectStoreNames[0]).count();
      c.onsuccess = function () { db.close(); res('answers'); };
      c.onerror = function () { db.close(); res('read failed'); };
    };
  });
  return Promise.race([answer, timeout]);
})()`;

/** 'answers', 'blocked' (no read within 3 s), or what else went wrong. */
export function storeBlocked(tab: Tab): Promise<string> {
  return tab.evaluate(new Function(probe) as () => Promise<string>, undefined).catch((e: unknown) => `probe failed: ${String(e)}`);
}

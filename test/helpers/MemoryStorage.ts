// Test helper (not a test file): an in-memory Web Storage, shared by the "tabs" of one test, and
// a way to install it (or a failing one) as the global localStorage.

export class MemoryStorage {
  m = new Map<string, string>();
  get length(): number {
    return this.m.size;
  }
  key(i: number): string | null {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.m.has(k) ? this.m.get(k)! : null;
  }
  setItem(k: string, v: string): void {
    this.m.set(k, String(v));
  }
  removeItem(k: string): void {
    this.m.delete(k);
  }
  clear(): void {
    this.m.clear();
  }
}

export const setLocalStorage = (get: () => unknown): void => {
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, get });
};

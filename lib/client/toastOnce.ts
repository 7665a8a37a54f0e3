/**
 * Runs `show` in only one of the user's tabs for a given key (SPEC F4: toast once per user).
 * The first tab to take the Web Lock marks the key in localStorage; later tabs see the mark.
 */
const PREFIX = "learnlive:toasted:";
const KEEP_MS = 10 * 60 * 1000;

function claim(key: string): boolean {
  try {
    const storageKey = PREFIX + key;
    if (localStorage.getItem(storageKey)) return false;
    localStorage.setItem(storageKey, String(Date.now()));
    pruneOldMarks();
    return true;
  } catch {
    return true; // storage disabled: better a duplicate toast than none
  }
}

function pruneOldMarks(): void {
  const cutoff = Date.now() - KEEP_MS;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX) && Number(localStorage.getItem(key)) < cutoff) localStorage.removeItem(key);
  }
}

export function toastOnce(key: string, show: () => void): void {
  if (!("locks" in navigator)) {
    if (claim(key)) show();
    return;
  }
  void navigator.locks.request(`${PREFIX}${key}`, { ifAvailable: true }, (lock) => {
    if (lock && claim(key)) show();
  });
}

// Not from the "use client" hook module: a server component would get a client reference, not the string.
import { THEME_STORAGE_KEY } from "@/lib/client/theme";

/**
 * Runs in <head> before first paint: the stored choice, else the OS preference, on <html data-theme>.
 * A plain string so it works without React on the page yet.
 */
export const themeScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});
if(t!=="light"&&t!=="dark"){t=window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";}
document.documentElement.dataset.theme=t;}catch(e){document.documentElement.dataset.theme="light";}})();`;

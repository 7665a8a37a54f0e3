/** Shared by the pre-paint script (a server component renders it) and the toggle hook. */
export type Theme = "light" | "dark";
export const THEME_STORAGE_KEY = "learnlive-theme";

/**
 * Limits the browser needs as plain values. They live outside `schemas.ts` so that client code
 * reading one does not pull zod into its bundle (zod's start-up probe for `new Function` is a
 * Content-Security-Policy violation that Chrome reports, and it weighs tens of kilobytes).
 */
export const MAX_MESSAGE_LENGTH = 4000;

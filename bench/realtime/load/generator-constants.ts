/** Broadcast sequence numbers start here, so a real viewer count (small) is never mistaken for one. */
export const SEQ_BASE = 1_000_000;

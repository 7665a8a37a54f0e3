import { runtime } from "../../runtime";

/** Open native connections of this server, for /api/health and the metrics (reset when a server starts). */
export const nativeStats = (): { open: number } => runtime.store("gateway-native", () => ({ open: 0 }));

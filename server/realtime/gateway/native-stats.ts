import { runtime } from "../../runtime";

/** Open native connections, in the runtime registry so /api/health (bundled by Next) reads the same count. */
export const nativeStats = (): { open: number } => runtime.store("gateway-native", () => ({ open: 0 }));

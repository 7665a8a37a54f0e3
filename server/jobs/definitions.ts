import { certificateJob } from "./certificate/certificate-job";
import { purchasesExportJob } from "./purchases-export/export-job";
import type { JobDefinition } from "./types";

/** Every kind of job this server runs (SPEC F13). */
export const jobDefinitions: readonly JobDefinition[] = [certificateJob, purchasesExportJob];

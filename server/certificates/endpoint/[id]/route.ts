import { certificatePage, unknownCertificatePage } from "@/server/http/certificate-page";
import { route } from "@/server/http/route";
import { isAppError } from "@/server/errors";
import { certificateIdInput, verifyCertificate } from "@/server/services/certificates/verify-certificate";

const html = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });

/** Public: verifies a certificate (name, course, date); 404 for an unknown or malformed id. */
export const GET = route<{ id: string }>({ auth: "none" }, async ({ params }) => {
  const input = certificateIdInput.safeParse({ id: params.id });
  if (!input.success) return html(unknownCertificatePage(), 404);
  try {
    return html(certificatePage(await verifyCertificate(input.data)), 200);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return html(unknownCertificatePage(), 404);
    throw e;
  }
});

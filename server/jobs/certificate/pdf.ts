import path from "node:path";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";

/** The certificate as a one-page A4 landscape PDF, with fonts shipped in the repo (assets/fonts, DejaVu). */

const FONTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../assets/fonts");

export interface CertificateContent {
  id: string;
  learnerName: string;
  courseTitle: string;
  instructorName: string;
  completedAt: Date;
  verifyUrl: string;
}

const INK = "#1f2937";
const ACCENT = "#4f46e5";
const MUTED = "#6b7280";

export function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 0, info: { Title: `Certificate of completion: ${c.courseTitle}`, Author: "LearnLive" } });
  doc.registerFont("serif", path.join(FONTS, "DejaVuSerif.ttf"));
  doc.registerFont("sans", path.join(FONTS, "DejaVuSans.ttf"));
  doc.registerFont("sans-bold", path.join(FONTS, "DejaVuSans-Bold.ttf"));
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on("error", reject);
  });
  const { width: W, height: H } = doc.page;
  doc.rect(24, 24, W - 48, H - 48).lineWidth(3).stroke(ACCENT);
  doc.rect(34, 34, W - 68, H - 68).lineWidth(0.8).stroke(ACCENT);
  const line = (text: string, font: string, size: number, color: string, y: number) =>
    doc.font(font).fontSize(size).fillColor(color).text(text, 60, y, { width: W - 120, align: "center" });
  line("LearnLive", "sans-bold", 16, ACCENT, 70);
  line("Certificate of Completion", "serif", 38, INK, 110);
  line("This certifies that", "sans", 14, MUTED, 185);
  line(c.learnerName, "sans-bold", 30, INK, 210);
  doc.moveTo(W / 2 - 180, 255).lineTo(W / 2 + 180, 255).lineWidth(0.8).stroke(MUTED);
  line("has completed every lesson of the course", "sans", 14, MUTED, 272);
  line(c.courseTitle, "serif", 24, INK, 298);
  // A long title wraps: the instructor line follows it.
  line(`taught by ${c.instructorName}`, "sans", 13, MUTED, Math.max(345, doc.y + 12));
  const date = c.completedAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  doc.font("sans").fontSize(11).fillColor(INK);
  doc.text(`Completed on ${date}`, 80, H - 130, { width: 300 });
  doc.text(`Certificate id: ${c.id}`, 80, H - 112, { width: 360 });
  doc.fillColor(ACCENT).text(`Verify at ${c.verifyUrl}`, 80, H - 94, { width: W - 160, link: c.verifyUrl });
  doc.end();
  return done;
}

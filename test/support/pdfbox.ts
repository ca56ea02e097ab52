import { execFileSync } from "node:child_process";
import { join } from "node:path";

const JARS = ["pdfbox2", "preflight", "xmpbox", "fontbox2", "commons-logging", "jaxb-api"].map((jar) => `/usr/share/java/${jar}.jar`);

export interface PdfBoxReading {
  file: string;
  pdfaPart: string;
  pdfaConformance: string;
  pdfuaPart: string;
  title: string;
  /** PDFBox preflight's Info ↔ XMP synchronisation errors, or why the XMP could not be read. */
  metadataErrors: string;
  outputIntents: string;
  fontProblems: string;
  fileId: string;
}

/** Reads PDFs with Apache PDFBox (test/support/PdfBoxCheck.java), one JVM for all files. */
export function readWithPdfBox(files: string[]): PdfBoxReading[] {
  const out = execFileSync("java", ["-cp", JARS.join(":"), join(import.meta.dirname, "PdfBoxCheck.java"), ...files], { encoding: "utf8", maxBuffer: 1 << 24 });
  return out.trim().split("\n").map((line) => {
    const [file, pdfaPart, pdfaConformance, pdfuaPart, title, metadataErrors, outputIntents, fontProblems, fileId] = line.split("\t");
    return { file: file!, pdfaPart: pdfaPart!, pdfaConformance: pdfaConformance!, pdfuaPart: pdfuaPart!, title: title!, metadataErrors: metadataErrors!, outputIntents: outputIntents!, fontProblems: fontProblems!, fileId: fileId! };
  });
}

import { PDFArray, PDFBool, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, type PDFDocument } from "pdf-lib";
import { countUntagged } from "./artifacts.ts";
import { parseContentStream } from "./content-stream.ts";
import { loadPdf } from "./document.ts";
import { CONFORMANCE } from "./metadata.ts";
import { pageContent } from "./page-content.ts";
import { streamBytes } from "./streams.ts";
import { headingLevels, STANDARD_TYPES } from "./structure.ts";
import { name, readText, StructureTree } from "./structure-tree.ts";

/** What `nota verify` concludes about a PDF's archival and accessibility claims. */
export interface ConformanceReport {
  /** The claims in its XMP, e.g. "PDF/A-2u", "PDF/UA-1". */
  claims: string[];
  problems: string[];
}

/**
 * Checks, from the file alone, the conditions of PDF/A-2u and PDF/UA-1 that nota is responsible
 * for: the claims in XMP and their agreement with the Info dictionary, output intent, file ID,
 * embedded fonts with ToUnicode, content tagged or an artifact, standard or role-mapped structure
 * types, Figures with /Alt, lists, headings, annotations in the structure with a description.
 * Not a full validator (veraPDF is the reference); each rule here is one the PDFs once broke.
 */
export async function checkConformance(pdf: Uint8Array): Promise<ConformanceReport> {
  const document = await loadPdf(pdf);
  const problems: string[] = [];
  const claims = checkMetadata(document, problems);
  checkDocument(document, problems);
  checkFonts(document, problems);
  for (const [index, page] of document.getPages().entries()) {
    try {
      const untagged = countUntagged(parseContentStream(pageContent(page)));
      if (untagged > 0) problems.push(`pagina ${index + 1}: ${untagged} tekenoperatoren niet getagd en geen artefact`);
    } catch (error) {
      problems.push(`pagina ${index + 1}: inhoud niet leesbaar (${(error as Error).message})`);
    }
  }
  const tree = StructureTree.open(document);
  if (tree) checkStructure(document, tree, problems);
  else problems.push("geen structuurboom (niet getagd)");
  return { claims, problems };
}

function xmpValue(xmp: string, property: string): string | undefined {
  const element = new RegExp(`<${property}>([\\s\\S]*?)</${property}>`).exec(xmp)?.[1];
  const attribute = new RegExp(`${property}="([^"]*)"`).exec(xmp)?.[1];
  const value = element ?? attribute;
  if (value === undefined) return undefined;
  const item = /<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(value)?.[1] ?? value;
  return item.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&").trim();
}

function checkMetadata(document: PDFDocument, problems: string[]): string[] {
  const stream = document.catalog.lookup(name("Metadata"));
  if (!(stream instanceof PDFStream)) {
    problems.push("geen XMP-metadata");
    return [];
  }
  if (stream.dict.has(name("Filter"))) problems.push("XMP-metadata is gecomprimeerd (PDF/A wil het leesbaar)");
  const xmp = Buffer.from(streamBytes(stream)).toString("utf8");
  const claims: string[] = [];
  const part = xmpValue(xmp, "pdfaid:part");
  const level = xmpValue(xmp, "pdfaid:conformance");
  if (part) claims.push(`PDF/A-${part}${(level ?? "").toLowerCase()}`);
  const ua = xmpValue(xmp, "pdfuaid:part");
  if (ua) claims.push(`PDF/UA-${ua}`);
  if (part !== String(CONFORMANCE.pdfaPart)) problems.push(`XMP claimt geen PDF/A-${CONFORMANCE.pdfaPart} (pdfaid:part ${part ?? "ontbreekt"})`);
  if (ua !== String(CONFORMANCE.pdfuaPart)) problems.push(`XMP claimt geen PDF/UA-${CONFORMANCE.pdfuaPart} (pdfuaid:part ${ua ?? "ontbreekt"})`);
  if (ua && !xmp.includes("http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>")) problems.push("XMP beschrijft het schema pdfuaid niet (PDF/A-extensieschema)");

  const info = document.context.lookup(document.context.trailerInfo.Info);
  const infoText = (key: string) => (info instanceof PDFDict ? readText(info.lookup(name(key))) : undefined);
  const pairs: [string, string, string | undefined][] = [
    ["Title", "dc:title", xmpValue(xmp, "dc:title")],
    ["Author", "dc:creator", xmpValue(xmp, "dc:creator")],
    ["Subject", "dc:description", xmpValue(xmp, "dc:description")],
    ["Keywords", "pdf:Keywords", xmpValue(xmp, "pdf:Keywords")],
    ["Creator", "xmp:CreatorTool", xmpValue(xmp, "xmp:CreatorTool")],
    ["Producer", "pdf:Producer", xmpValue(xmp, "pdf:Producer")],
  ];
  if (!xmpValue(xmp, "dc:title")) problems.push("XMP heeft geen dc:title");
  for (const [key, property, value] of pairs) {
    const own = infoText(key);
    if (own !== undefined && own !== value) problems.push(`Info /${key} (${own}) en XMP ${property} (${value ?? "ontbreekt"}) verschillen`);
  }
  for (const [key, property] of [["CreationDate", "xmp:CreateDate"], ["ModDate", "xmp:ModifyDate"]] as const) {
    const own = pdfDate(infoText(key));
    const value = xmpValue(xmp, property);
    if (own && (!value || new Date(value).getTime() !== own.getTime())) problems.push(`Info /${key} en XMP ${property} (${value ?? "ontbreekt"}) zijn niet hetzelfde moment`);
  }
  return claims;
}

function pdfDate(value: string | undefined): Date | undefined {
  const m = value && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, "").slice(3, 5)}`;
  return new Date(`${m[1]}-${m[2] ?? "01"}-${m[3] ?? "01"}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${zone}`);
}

function checkDocument(document: PDFDocument, problems: string[]): void {
  const catalog = document.catalog;
  const intents = catalog.lookup(name("OutputIntents"));
  const pdfa = intents instanceof PDFArray ? intents.asArray().map((i) => document.context.lookup(i)).find((i) => i instanceof PDFDict && i.get(name("S")) === name("GTS_PDFA1")) : undefined;
  const profile = pdfa instanceof PDFDict ? pdfa.lookup(name("DestOutputProfile")) : undefined;
  if (!(profile instanceof PDFStream)) problems.push("geen PDF/A-output-intent met ICC-profiel");
  else if ((profile.dict.lookup(name("N")) as PDFNumber | undefined)?.asNumber() !== 3) problems.push("het ICC-profiel van de output-intent is geen RGB-profiel");
  if (!(document.context.trailerInfo.ID instanceof PDFArray)) problems.push("geen bestands-ID (/ID in de trailer)");
  if (document.context.trailerInfo.Encrypt) problems.push("het bestand is versleuteld");
  const names = catalog.lookup(name("Names"));
  if (names instanceof PDFDict && names.has(name("JavaScript"))) problems.push("het bestand bevat JavaScript");
  const markInfo = catalog.lookup(name("MarkInfo"));
  if (!(markInfo instanceof PDFDict) || markInfo.get(name("Marked")) !== PDFBool.True) problems.push("MarkInfo /Marked is niet true");
  if (!readText(catalog.lookup(name("Lang")))) problems.push("de documenttaal (/Lang) ontbreekt");
  const preferences = catalog.lookup(name("ViewerPreferences"));
  if (!(preferences instanceof PDFDict) || preferences.get(name("DisplayDocTitle")) !== PDFBool.True) problems.push("ViewerPreferences /DisplayDocTitle is niet true");
}

function checkFonts(document: PDFDocument, problems: string[]): void {
  const seen = new Set<PDFRef | PDFDict>();
  for (const page of document.getPages()) {
    const fonts = page.node.Resources()?.lookup(name("Font"));
    if (!(fonts instanceof PDFDict)) continue;
    for (const [key, value] of fonts.entries()) {
      const font = document.context.lookup(value);
      if (!(font instanceof PDFDict) || seen.has(value as PDFRef)) continue;
      seen.add(value as PDFRef);
      const label = `lettertype ${(font.get(name("BaseFont")) as PDFName | undefined)?.decodeText() ?? key.decodeText()}`;
      if (!font.has(name("ToUnicode"))) problems.push(`${label} heeft geen ToUnicode`);
      const descendant = font.get(name("Subtype")) === name("Type0") ? document.context.lookup((font.lookup(name("DescendantFonts")) as PDFArray).get(0)) : font;
      const descriptor = descendant instanceof PDFDict ? descendant.lookup(name("FontDescriptor")) : undefined;
      const embedded = descriptor instanceof PDFDict && ["FontFile", "FontFile2", "FontFile3"].some((k) => descriptor.has(name(k)));
      if (font.get(name("Subtype")) !== name("Type3") && !embedded) problems.push(`${label} is niet ingebed`);
    }
  }
}

function checkStructure(document: PDFDocument, tree: StructureTree, problems: string[]): void {
  const roleMap = tree.lookup(tree.root.get(name("RoleMap")));
  const resolve = (type: string) => {
    let current = type;
    for (let i = 0; i < 8 && !STANDARD_TYPES.has(current); i++) {
      const mapped = roleMap instanceof PDFDict ? roleMap.get(name(current)) : undefined;
      if (!(mapped instanceof PDFName)) return undefined;
      current = mapped.decodeText();
    }
    return STANDARD_TYPES.has(current) ? current : undefined;
  };
  const unmapped = new Set<string>();
  let figuresWithoutAlt = 0;
  let badItems = 0;
  const reachable = new Set<string>();
  for (const element of tree.elements()) {
    const type = resolve(tree.type(element.dict));
    if (!type) unmapped.add(tree.type(element.dict));
    if (type === "Figure" && !readText(element.dict.get(name("Alt")))?.trim()) figuresWithoutAlt++;
    if (type === "LI") {
      for (const kid of tree.kids(element.dict)) {
        const kidType = tree.isElement(kid) ? resolve(tree.type(tree.lookup(kid) as PDFDict)) : undefined;
        if (kidType !== "Lbl" && kidType !== "LBody") badItems++;
      }
    }
    for (const item of tree.ownContent(element.dict)) if (item.kind === "objr") reachable.add(item.object.toString());
  }
  if (unmapped.size > 0) problems.push(`structuurtypen zonder RoleMap naar een standaardtype: ${[...unmapped].join(", ")}`);
  if (figuresWithoutAlt > 0) problems.push(`${figuresWithoutAlt} Figure-elementen zonder /Alt`);
  if (badItems > 0) problems.push(`${badItems} delen van lijstitems zijn geen Lbl of LBody`);
  const levels = headingLevels(tree);
  for (let i = 0; i < levels.length; i++) {
    const previous = i === 0 ? 0 : levels[i - 1]!;
    if (levels[i]! > previous + 1) {
      problems.push(`kop H${levels[i]} volgt op ${previous ? `H${previous}` : "het begin"} (een niveau overgeslagen)`);
      break;
    }
  }
  for (const [index, page] of document.getPages().entries()) {
    const annotations = page.node.lookup(name("Annots"));
    if (!(annotations instanceof PDFArray)) continue;
    for (const ref of annotations.asArray()) {
      const annotation = document.context.lookup(ref);
      if (!(annotation instanceof PDFDict)) continue;
      const subtype = (annotation.get(name("Subtype")) as PDFName | undefined)?.decodeText();
      if (subtype === "Popup") continue;
      const where = `pagina ${index + 1}: ${subtype ?? "annotatie"}`;
      if (!reachable.has(ref.toString()) || !tree.parentOfAnnotation(annotation)) problems.push(`${where} is niet bereikbaar vanuit de structuurboom`);
      if (subtype === "Link" && !readText(annotation.lookup(name("Contents")))?.trim()) problems.push(`${where} heeft geen /Contents`);
      if (subtype === "Widget" && !readText(annotation.lookup(name("TU")))?.trim() && !readText(annotation.lookup(name("Contents")))?.trim()) problems.push(`${where} heeft geen beschrijving (/TU)`);
      const flags = annotation.get(name("F"));
      if (!(flags instanceof PDFNumber) || (flags.asNumber() & 4) === 0 || (flags.asNumber() & (1 | 2 | 32)) !== 0) problems.push(`${where} wordt niet afgedrukt of is verborgen (/F)`);
    }
  }
}


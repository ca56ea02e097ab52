import { createHash } from "node:crypto";
import { PDFHexString, PDFName, type PDFDocument } from "pdf-lib";
import { plainStream } from "./streams.ts";

/** What a note's PDF says about itself, in the Info dictionary and in XMP alike. */
export interface DocumentProperties {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  creator: string;
  producer: string;
  /** Creation and modification date: the note's date, so the same input gives the same bytes. */
  date: Date;
  /** Stable identity of the document (the path of the note's page), the seed of the file identifier. */
  id: string;
}

/** The conformance nota claims; tests and `nota verify` check the file against it. */
export const CONFORMANCE = { pdfaPart: 2, pdfaConformance: "U", pdfuaPart: 1 } as const;

/**
 * Writes the Info dictionary and an XMP metadata stream from the same properties, so PDF/A's
 * equivalences hold (Title ↔ dc:title, Author ↔ dc:creator, Subject ↔ dc:description,
 * Keywords ↔ pdf:Keywords, Creator ↔ xmp:CreatorTool, Producer ↔ pdf:Producer, dates ↔
 * xmp:CreateDate/ModifyDate), with the PDF/A-2 and PDF/UA-1 identification and a file ID.
 */
export function writeMetadata(document: PDFDocument, properties: DocumentProperties): void {
  document.setTitle(properties.title, { showInWindowTitleBar: true });
  document.setAuthor(properties.author);
  document.setSubject(properties.subject);
  document.setKeywords(properties.keywords);
  document.setLanguage(properties.language);
  document.setCreator(properties.creator);
  document.setProducer(properties.producer);
  document.setCreationDate(properties.date);
  document.setModificationDate(properties.date);

  const xmp = Buffer.from(xmpPacket(properties), "utf8");
  const stream = plainStream(document.context, xmp, { Type: "Metadata", Subtype: "XML" });
  document.catalog.set(PDFName.of("Metadata"), document.context.register(stream));

  const id = PDFHexString.of(createHash("sha256").update(`nota|${properties.id}|${properties.date.toISOString()}`).digest("hex").slice(0, 32));
  document.context.trailerInfo.ID = document.context.obj([id, id]);
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** pdf-lib joins keywords with a space in Info; pdf:Keywords must be that same string. */
export const keywordsString = (keywords: string[]) => keywords.join(" ");

function xmpPacket(p: DocumentProperties): string {
  const date = p.date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const alt = (value: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escape(value)}</rdf:li></rdf:Alt>`;
  const list = (kind: "Seq" | "Bag", values: string[]) => `<rdf:${kind}>${values.map((v) => `<rdf:li>${escape(v)}</rdf:li>`).join("")}</rdf:${kind}>`;
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title>${alt(p.title)}</dc:title>
<dc:creator>${list("Seq", [p.author])}</dc:creator>
<dc:description>${alt(p.subject)}</dc:description>
<dc:subject>${list("Bag", p.keywords)}</dc:subject>
<dc:language>${list("Bag", [p.language])}</dc:language>
<pdf:Keywords>${escape(keywordsString(p.keywords))}</pdf:Keywords>
<pdf:Producer>${escape(p.producer)}</pdf:Producer>
<xmp:CreatorTool>${escape(p.creator)}</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<pdfaid:part>${CONFORMANCE.pdfaPart}</pdfaid:part>
<pdfaid:conformance>${CONFORMANCE.pdfaConformance}</pdfaid:conformance>
<pdfuaid:part>${CONFORMANCE.pdfuaPart}</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about=""
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 to which the file conforms</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
${" ".repeat(100)}
<?xpacket end="w"?>`;
}

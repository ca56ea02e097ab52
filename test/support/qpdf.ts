import { execFileSync } from "node:child_process";

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type QpdfObject = { value?: Value; stream?: { dict: Record<string, Value>; data?: string } };

/** A PDF as qpdf's JSON (v2) shows it, with helpers to follow references. */
export class QpdfJson {
  readonly objects: Record<string, QpdfObject>;
  readonly trailer: Record<string, Value>;

  constructor(file: string) {
    const json = JSON.parse(execFileSync("qpdf", ["--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", file], { encoding: "utf8", maxBuffer: 1 << 28 })) as { qpdf: [unknown, Record<string, QpdfObject>] };
    this.objects = json.qpdf[1];
    this.trailer = this.objects.trailer!.value as Record<string, Value>;
  }

  /** The dictionary (or value) an indirect reference "N 0 R" points to; other values as they are. */
  resolve(value: Value | undefined): Value | undefined {
    if (typeof value === "string" && /^\d+ \d+ R$/.test(value)) {
      const object = this.objects[`obj:${value}`];
      return object?.value ?? object?.stream?.dict;
    }
    return value;
  }

  dict(value: Value | undefined): Record<string, Value> {
    const resolved = this.resolve(value);
    return resolved && typeof resolved === "object" && !Array.isArray(resolved) ? resolved : {};
  }

  array(value: Value | undefined): Value[] {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  /** A stream's decoded data. */
  streamData(reference: Value | undefined): Buffer {
    const data = typeof reference === "string" ? this.objects[`obj:${reference}`]?.stream?.data : undefined;
    return Buffer.from(data ?? "", "base64");
  }

  streamDict(reference: Value | undefined): Record<string, Value> {
    return (typeof reference === "string" ? this.objects[`obj:${reference}`]?.stream?.dict : undefined) ?? {};
  }

  catalog(): Record<string, Value> {
    return this.dict(this.trailer["/Root"]);
  }

  /** Every annotation dictionary, page by page. */
  annotations(): { page: number; annotation: Record<string, Value> }[] {
    const pages: Record<string, Value>[] = [];
    const collect = (node: Value | undefined) => {
      const dict = this.dict(node);
      if (dict["/Type"] === "/Page") pages.push(dict);
      for (const kid of this.array(dict["/Kids"])) collect(kid);
    };
    collect(this.catalog()["/Pages"]);
    return pages.flatMap((page, index) => this.array(page["/Annots"]).map((a) => ({ page: index + 1, annotation: this.dict(a) })));
  }
}

/** qpdf writes text strings as "u:…" and binary strings as "b:<hex>". */
export function text(value: Value | undefined): string | undefined {
  return typeof value === "string" && value.startsWith("u:") ? value.slice(2) : undefined;
}

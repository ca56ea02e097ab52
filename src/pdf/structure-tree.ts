import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFDocument, type PDFObject } from "pdf-lib";

/**
 * The tagged-PDF structure tree as pdf-lib objects, with the few moves the accessibility steps
 * make: read an element's kids, move marked content to another element (keeping the parent tree
 * right), add an element. The parent tree is read flat and written back flat.
 */

const names = new Map<string, PDFName>();
const texts = new Map<PDFName, string>();

/** A name's text, decoded once per name (names are interned by pdf-lib). */
export function nameText(value: PDFName): string {
  let result = texts.get(value);
  if (result === undefined) texts.set(value, (result = value.decodeText()));
  return result;
}

/** A PDF name, made once: PDFName.of decodes its argument on every call. */
export function name(value: string): PDFName {
  let result = names.get(value);
  if (!result) names.set(value, (result = PDFName.of(value)));
  return result;
}

/** A marked-content reference (an MCID on a page) or an object reference (an annotation). */
export type ContentItem = { kind: "mcid"; page: PDFRef; mcid: number } | { kind: "objr"; page?: PDFRef; object: PDFRef };

export interface Element {
  ref: PDFRef;
  dict: PDFDict;
}

export class StructureTree {
  readonly document: PDFDocument;
  readonly root: PDFDict;
  private readonly parentTree = new Map<number, PDFObject>();

  static open(document: PDFDocument): StructureTree | undefined {
    const root = document.catalog.lookup(name("StructTreeRoot"));
    return root instanceof PDFDict ? new StructureTree(document, root) : undefined;
  }

  private constructor(document: PDFDocument, root: PDFDict) {
    this.document = document;
    this.root = root;
    const readNumberTree = (node: PDFObject | undefined) => {
      const dict = this.document.context.lookup(node);
      if (!(dict instanceof PDFDict)) return;
      const nums = dict.lookup(name("Nums"));
      if (nums instanceof PDFArray) for (let i = 0; i + 1 < nums.size(); i += 2) this.parentTree.set((nums.lookup(i) as PDFNumber).asNumber(), nums.get(i + 1));
      const kids = dict.lookup(name("Kids"));
      if (kids instanceof PDFArray) for (const kid of kids.asArray()) readNumberTree(kid);
    };
    readNumberTree(root.get(name("ParentTree")));
  }

  lookup(object: PDFObject | undefined): PDFObject | undefined {
    return this.document.context.lookup(object);
  }

  type(element: PDFDict): string {
    const type = element.get(name("S"));
    return type instanceof PDFName ? nameText(type) : "";
  }

  /** The element's kids, each a structure element or a content item (K as array, dict or number). */
  kids(element: PDFDict): PDFObject[] {
    const k = element.get(name("K"));
    if (k === undefined) return [];
    const value = this.lookup(k);
    return value instanceof PDFArray ? value.asArray() : [k];
  }

  isElement(kid: PDFObject): kid is PDFRef {
    if (!(kid instanceof PDFRef)) return false;
    const dict = this.lookup(kid);
    return dict instanceof PDFDict && dict.has(name("S"));
  }

  /** Every structure element, depth first, in reading order (from the root, or under `from`). */
  elements(from: PDFObject | undefined = this.root.get(name("K"))): Element[] {
    const result: Element[] = [];
    const stack: PDFObject[] = [];
    const push = (k: PDFObject | undefined) => {
      const value = k === undefined ? undefined : this.lookup(k);
      const kids = value instanceof PDFArray ? value.asArray() : k === undefined ? [] : [k];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    };
    push(from);
    while (stack.length > 0) {
      const kid = stack.pop()!;
      if (!this.isElement(kid)) continue;
      const dict = this.lookup(kid) as PDFDict;
      result.push({ ref: kid, dict });
      push(dict.get(name("K")));
    }
    return result;
  }

  /** The content items of an element's own kids (not of its sub-elements). */
  ownContent(element: PDFDict, page = this.pageOf(element)): ContentItem[] {
    return this.kids(element).flatMap((kid) => (this.isElement(kid) ? [] : this.contentItem(kid, page)));
  }

  /** The content items of an element and all its sub-elements, in reading order. */
  allContent(element: PDFDict, page = this.pageOf(element)): ContentItem[] {
    return this.kids(element).flatMap((kid) => {
      if (!this.isElement(kid)) return this.contentItem(kid, page);
      const child = this.lookup(kid) as PDFDict;
      return this.allContent(child, (child.get(name("Pg")) as PDFRef | undefined) ?? page);
    });
  }

  private contentItem(kid: PDFObject, page: PDFRef | undefined): ContentItem[] {
    if (kid instanceof PDFNumber) return page ? [{ kind: "mcid", page, mcid: kid.asNumber() }] : [];
    const dict = this.lookup(kid);
    if (!(dict instanceof PDFDict)) return [];
    const itemPage = (dict.get(name("Pg")) as PDFRef | undefined) ?? page;
    const type = (dict.get(name("Type")) as PDFName | undefined)?.decodeText();
    if (type === "MCR" && itemPage) return [{ kind: "mcid", page: itemPage, mcid: (dict.lookup(name("MCID")) as PDFNumber).asNumber() }];
    if (type === "OBJR") return [{ kind: "objr", page: itemPage, object: dict.get(name("Obj")) as PDFRef }];
    return [];
  }

  /** The page an element's bare MCIDs belong to: its own /Pg or its nearest ancestor's. */
  pageOf(element: PDFDict): PDFRef | undefined {
    for (let current: PDFDict | undefined = element; current; current = this.lookup(current.get(name("P"))) as PDFDict | undefined) {
      const page = current.get(name("Pg"));
      if (page instanceof PDFRef) return page;
      if (current === this.root) break;
    }
    return undefined;
  }

  /** Sets an element's kids to the given sub-elements and content items, and makes it their parent. */
  setKids(element: Element, kids: (PDFRef | ContentItem)[]): void {
    const context = this.document.context;
    const page = this.pageOf(element.dict);
    const values: PDFObject[] = [];
    for (const kid of kids) {
      if (kid instanceof PDFRef) {
        (this.lookup(kid) as PDFDict).set(name("P"), element.ref);
        values.push(kid);
      } else if (kid.kind === "mcid") {
        values.push(kid.page === page ? context.obj(kid.mcid) : context.obj({ Type: "MCR", Pg: kid.page, MCID: kid.mcid }));
        this.setParentOfMcid(kid.page, kid.mcid, element.ref);
      } else {
        values.push(context.obj({ Type: "OBJR", ...(kid.page ? { Pg: kid.page } : {}), Obj: kid.object }));
        const annotation = this.lookup(kid.object) as PDFDict;
        const key = annotation.get(name("StructParent"));
        if (key instanceof PDFNumber) this.parentTree.set(key.asNumber(), element.ref);
      }
    }
    element.dict.set(name("K"), context.obj(values));
  }

  private setParentOfMcid(page: PDFRef, mcid: number, parent: PDFRef): void {
    const key = (this.lookup(page) as PDFDict).get(name("StructParents"));
    if (!(key instanceof PDFNumber)) return;
    let array = this.lookup(this.parentTree.get(key.asNumber()));
    if (!(array instanceof PDFArray)) {
      array = this.document.context.obj([]);
      this.parentTree.set(key.asNumber(), array);
    }
    const list = array as PDFArray;
    while (list.size() <= mcid) list.push(this.document.context.obj(null));
    list.set(mcid, parent);
  }

  /** A new element under `parent`, at `index` among its kids (the end by default). */
  addElement(parent: Element, type: string, entries: Record<string, PDFObject> = {}, index?: number): Element {
    const context = this.document.context;
    const dict = context.obj({ Type: "StructElem", S: type, P: parent.ref }) as PDFDict;
    for (const [key, value] of Object.entries(entries)) dict.set(name(key), value);
    const ref = context.register(dict);
    const kids = this.kids(parent.dict);
    kids.splice(index ?? kids.length, 0, ref);
    parent.dict.set(name("K"), context.obj(kids));
    return { ref, dict };
  }

  /** Gives an annotation a place in the parent tree under `element`. */
  attachAnnotation(element: Element, annotation: PDFRef, page: PDFRef): void {
    const key = this.nextKey();
    (this.lookup(annotation) as PDFDict).set(name("StructParent"), this.document.context.obj(key));
    this.parentTree.set(key, element.ref);
    element.dict.set(name("K"), this.document.context.obj([...this.kids(element.dict), this.document.context.obj({ Type: "OBJR", Pg: page, Obj: annotation })]));
  }

  private nextKey(): number {
    const stored = this.root.get(name("ParentTreeNextKey"));
    const key = Math.max(stored instanceof PDFNumber ? stored.asNumber() : 0, ...[...this.parentTree.keys()].map((k) => k + 1));
    this.root.set(name("ParentTreeNextKey"), this.document.context.obj(key + 1));
    return key;
  }

  /** The element that owns an annotation, through the parent tree. */
  parentOfAnnotation(annotation: PDFDict): PDFRef | undefined {
    const key = annotation.get(name("StructParent"));
    const parent = key instanceof PDFNumber ? this.parentTree.get(key.asNumber()) : undefined;
    return parent instanceof PDFRef ? parent : undefined;
  }

  /** Writes the parent tree back as one flat, sorted number tree. */
  save(): void {
    const nums: PDFObject[] = [];
    for (const key of [...this.parentTree.keys()].sort((a, b) => a - b)) nums.push(this.document.context.obj(key), this.parentTree.get(key)!);
    const existing = this.root.get(name("ParentTree"));
    const tree = this.document.context.obj({ Nums: nums });
    if (existing instanceof PDFRef) this.document.context.assign(existing, tree);
    else this.root.set(name("ParentTree"), tree);
  }
}

/** A text string for a dictionary value: PDFDocEncoding-safe ASCII as is, otherwise UTF-16. */
export function textString(value: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(value) ? PDFString.of(value.replace(/[\\()]/g, "\\$&")) : PDFHexString.fromText(value);
}

/** Reads a text string value (literal or hex, PDFDocEncoding or UTF-16). */
export function readText(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

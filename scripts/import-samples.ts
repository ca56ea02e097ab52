// Writes the sample sources for `nota import` in voorbeelden/import/raalte/ (voorbeelddata, made
// up but plausible): a client export as Dutch Excel saves CSV (Windows-1252, `;`, decimal comma,
// 1-4-2022 dates) and as a workbook (merged header cells, a formula with its cached result, dates
// stored as serials), and a budget workbook with formula totals. Run on request only:
//   node scripts/import-samples.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";

const OUT = resolve(import.meta.dirname, "../voorbeelden/import/raalte");

/** Unique clients on the first of each month, January 2022 – March 2023: specialist and basic youth care. */
export const CLIENTS: { date: [number, number, number]; specialistisch: number; basis: number }[] = [
  [441, 1210], [446, 1224], [452, 1231], [458, 1240], [461, 1236], [463, 1229], [466, 1218], [462, 1225],
  [469, 1247], [474, 1252], [478, 1260], [476, 1249], [481, 1262], [487, 1271], [490, 1280],
].map(([specialistisch, basis], i) => ({ date: [2022 + Math.floor(i / 12), (i % 12) + 1, 1], specialistisch: specialistisch!, basis: basis! }));

function clientsCsv(): Buffer {
  const lines = ["Peildatum;Gemeente;Unieke cliënten specialistische jeugdhulp;Gemiddelde leeftijd"];
  CLIENTS.forEach(({ date: [y, m, d], specialistisch }, i) => lines.push(`${d}-${m}-${y};Raalte;${specialistisch};${(11.2 + (i % 4) / 10).toFixed(1).replace(".", ",")}`));
  // Dutch Excel writes "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252 with CRLF.
  return Buffer.from(`${lines.join("\r\n")}\r\n`, "latin1");
}

async function clientsWorkbook(): Promise<ExcelJS.Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Cliënten");
  sheet.getCell("A1").value = "Export cliëntregistratie jeugdhulp, gemeente Raalte (voorbeelddata)";
  sheet.mergeCells("A1:D1");
  sheet.getCell("A2").value = "Peildatum";
  sheet.mergeCells("A2:A3");
  sheet.getCell("B2").value = "Unieke cliënten";
  sheet.mergeCells("B2:D2");
  sheet.getCell("B3").value = "Specialistisch";
  sheet.getCell("C3").value = "Basis";
  sheet.getCell("D3").value = "Totaal";
  CLIENTS.forEach(({ date: [y, m, d], specialistisch, basis }, i) => {
    const row = 4 + i;
    const cell = sheet.getCell(`A${row}`);
    cell.value = new Date(Date.UTC(y, m - 1, d));
    cell.numFmt = "d-m-yyyy";
    sheet.getCell(`B${row}`).value = specialistisch;
    sheet.getCell(`C${row}`).value = basis;
    sheet.getCell(`D${row}`).value = { formula: `B${row}+C${row}`, result: specialistisch + basis };
  });
  sheet.getCell(`A${4 + CLIENTS.length + 1}`).value = "Bron: cliëntregistratie, export van 3 april 2023";
  return workbook.xlsx.writeBuffer();
}

async function budgetWorkbook(): Promise<ExcelJS.Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Toelichting").getCell("A1").value = "Begroting en prognose jeugdzorg 2023 (voorbeelddata)";
  const sheet = workbook.addWorksheet("Begroting 2023");
  sheet.getCell("A1").value = "Verwachting financiën jeugdzorg 2023";
  sheet.mergeCells("A1:D1");
  sheet.getCell("A3").value = "Post";
  sheet.mergeCells("A3:A4");
  sheet.getCell("B3").value = "Bedragen 2023 (€)";
  sheet.mergeCells("B3:D3");
  ["Begroting", "Prognose", "Saldo"].forEach((label, i) => (sheet.getCell(4, 2 + i).value = label));
  const put = (row: number, label: string, begroting?: number | string, prognose?: number | string, saldo?: number | string, results: number[] = []) => {
    sheet.getCell(`A${row}`).value = label;
    [begroting, prognose, saldo].forEach((value, i) => {
      if (value === undefined) return;
      sheet.getCell(row, 2 + i).value = typeof value === "number" ? value : { formula: value, result: results[i]! };
    });
  };
  put(5, "Inkomsten");
  // A saldo of 0 is typed, not a formula: exceljs leaves out a cached result of 0, which Excel would write.
  put(6, "Middelen jeugd", 10_912_000, 10_912_000, 0);
  put(7, "Rijkscompensatie woonplaatsbeginsel", 972_000, 1_011_500, "C7-B7", [0, 0, 39_500]);
  put(8, "Extra middelen CJG", 200_000, 200_000, 0);
  put(9, "Totaal inkomsten jeugdzorg", "SUM(B6:B8)", "SUM(C6:C8)", "SUM(D6:D8)", [12_084_000, 12_123_500, 39_500]);
  put(11, "Uitgaven");
  put(12, "Formatie en algemene kosten", 1_102_000, 1_098_400, "B12-C12", [0, 0, 3_600]);
  put(13, "Algemene voorzieningen", 945_000, 951_250, "B13-C13", [0, 0, -6_250]);
  put(14, "Individuele voorzieningen", 8_890_000, 9_412_600, "B14-C14", [0, 0, -522_600]);
  put(15, "Totaal uitgaven jeugdzorg", "SUM(B12:B14)", "SUM(C12:C14)", "SUM(D12:D14)", [10_937_000, 11_462_250, -525_250]);
  put(17, "Saldo jeugdzorg", "B9-B15", "C9-C15", "C17-B17", [1_147_000, 661_250, -485_750]);
  for (const row of [9, 15, 17]) sheet.getRow(row).font = { bold: true };
  return workbook.xlsx.writeBuffer();
}

if (import.meta.main) {
  await mkdir(OUT, { recursive: true });
  await writeFile(join(OUT, "clienten-2023-03.csv"), clientsCsv());
  await writeFile(join(OUT, "clienten-2023-03.xlsx"), Buffer.from(await clientsWorkbook()));
  await writeFile(join(OUT, "begroting-2023.xlsx"), Buffer.from(await budgetWorkbook()));
  process.stdout.write(`Geschreven in ${OUT}\n`);
}

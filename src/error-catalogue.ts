// Every problem nota reports has a permanent code from this catalogue, as Astro's errors-data.ts
// does for Astro: a title, what is wrong in general terms, how to fix it, and the exit code class.
// A diagnostic adds the particulars (file, line, field, the exact cause) where it is raised.
// `scripts/error-docs.ts` writes docs/foutmeldingen.md from this file for the griffie.

/** What a failed command's exit code tells a script or a CI job. */
export const EXIT_CLASSES = {
  invoer: { code: 1, meaning: "fout in het archief (notitie, dataset, grafiek, profiel, publicatieregister) of in de build; pas de invoer aan en probeer het opnieuw. Ook een onverwachte fout (in nota zelf) eindigt met 1" },
  gebruik: { code: 2, meaning: "verkeerd gebruik van het commando: een onbekend commando of een onbekende optie, of een ontbrekende of ongeldige waarde" },
  systeem: { code: 3, meaning: "er ontbreekt iets op de machine of in de instellingen: een programma (Chromium, openssl), het kleurprofiel of een bruikbaar certificaat" },
  ondertekening: { code: 4, meaning: "de tijdstempeldienst faalde tijdens het ondertekenen; er is niets gepubliceerd" },
  bezig: { code: 75, meaning: "er loopt al een build van dit archief of naar deze uitvoermap; probeer het later opnieuw" },
} as const;

export type ExitClass = keyof typeof EXIT_CLASSES;

export interface CatalogueEntry {
  /** A few words, as a heading. */
  title: string;
  /** What is wrong, in general terms; the diagnostic says what exactly. */
  message: string;
  /** How to fix it. */
  hint: string;
  exit: ExitClass;
}

export const ERRORS = {
  "nota:gebruik": {
    title: "Verkeerd gebruik van het commando",
    message: "Een commando of optie is onbekend, of een waarde op de opdrachtregel ontbreekt of is ongeldig.",
    hint: "Bekijk met `nota --help` welke commando's en opties er zijn en hoe een waarde eruitziet.",
    exit: "gebruik",
  },
  "nota:pad": {
    title: "Bestand of map op de verkeerde plaats",
    message: "Een bestand of map staat niet waar nota het verwacht, heeft een ongeldige naam of is een symbolische koppeling (symlink).",
    hint: "Zet notities in content/<gemeente>/<jaar>/<naam>.mdx en datasets in data/<gemeente>/<kwartaal>/, gebruik in namen alleen kleine letters, cijfers en streepjes, en vervang een symlink door het bestand zelf. Controleer ook of --root naar de map van het archief wijst.",
    exit: "invoer",
  },
  "nota:gemeente": {
    title: "Onbekende gemeente",
    message: "Een map, notitie of optie noemt een gemeente waarvoor geen profiel bestaat.",
    hint: "Controleer de spelling, of maak voor een nieuwe gemeente eerst data/<gemeente>/profiel.json aan.",
    exit: "invoer",
  },
  "nota:profiel": {
    title: "Fout in een gemeenteprofiel",
    message: "Het profiel van een gemeente (data/<gemeente>/profiel.json) is geen geldige JSON, mist een verplicht veld, heeft een onbekend veld of een ongeldige waarde, of deelt zijn CBS-code met een andere gemeente.",
    hint: "Pas het genoemde veld aan; het profiel van een andere gemeente is een goed voorbeeld.",
    exit: "invoer",
  },
  "nota:contrast": {
    title: "Te weinig kleurcontrast in de huisstijl",
    message: "Tekst in een kleur uit de huisstijl is op haar achtergrond niet goed leesbaar: het contrast is lager dan WCAG 2.1 AA vraagt (4,5:1).",
    hint: "Kies in huisstijl.kleuren een donkerdere of lichtere kleur; de melding noemt welke kleuren samen te weinig contrast hebben.",
    exit: "invoer",
  },
  "nota:frontmatter": {
    title: "Fout in de gegevens bovenaan een notitie",
    message: "De frontmatter (tussen de regels --- bovenaan de notitie) is geen geldige YAML, mist een verplicht veld, heeft een onbekend veld of een ongeldige waarde.",
    hint: "Verbeter het genoemde veld op de genoemde regel; `nota new` maakt een notitie met alle velden als voorbeeld.",
    exit: "invoer",
  },
  "nota:mdx": {
    title: "Fout in de tekst van een notitie",
    message: "De tekst van een notitie is geen geldige MDX, bijvoorbeeld door een component die niet wordt afgesloten of door te diep geneste lijsten en citaten.",
    hint: "Kijk op de genoemde regel: sluit elk component af (<Grafiek … />) en nest lijsten en citaten minder diep.",
    exit: "invoer",
  },
  "nota:mdx-import": {
    title: "import of export in een notitie",
    message: "Een notitie mag geen code importeren of exporteren.",
    hint: "Haal de regel met import of export weg; de componenten van nota (<Grafiek>, <Tabel>, …) werken zonder import.",
    exit: "invoer",
  },
  "nota:mdx-expressie": {
    title: "JavaScript in een notitie",
    message: "Een notitie mag geen JavaScript-expressie tussen accolades ({…}) bevatten.",
    hint: "Haal de accolades weg; hoort een accolade letterlijk in de tekst, zet er dan een \\ voor.",
    exit: "invoer",
  },
  "nota:component": {
    title: "Fout in een component",
    message: "Een component in de notitie is onbekend, mist een verplicht attribuut of heeft een attribuut met een ongeldige waarde.",
    hint: "Gebruik alleen de componenten van nota en geef elk attribuut als tekst tussen aanhalingstekens; de melding noemt de bekende componenten of het attribuut dat ontbreekt.",
    exit: "invoer",
  },
  "nota:link": {
    title: "Link niet toegestaan",
    message: "Een link in de notitie gebruikt een soort adres dat niet is toegestaan.",
    hint: "Gebruik alleen http(s)-, mailto- en tel-links en schrijf een extern adres voluit, met https://.",
    exit: "invoer",
  },
  "nota:afbeelding": {
    title: "Afbeelding niet toegestaan",
    message: "Een afbeelding in de notitie staat niet op een toegestane plek, bestaat niet of is geen afbeelding van een toegestaan type.",
    hint: "Zet de afbeelding in de map van de notitie of in data/<gemeente>/afbeeldingen/ en gebruik een van de toegestane typen; de melding noemt ze.",
    exit: "invoer",
  },
  "nota:verwijzing": {
    title: "Hoofdnotitie van een bijlage niet gevonden",
    message: "Een bijlage noemt in 'bij' een notitie die niet bestaat.",
    hint: "Zet in 'bij' het jaar en de bestandsnaam (zonder .mdx) van de hoofdnotitie, zoals 2022/kwartaalrapportage-2022-q3.",
    exit: "invoer",
  },
  "nota:dataset": {
    title: "Fout in een dataset",
    message: "Een dataset (JSON) is niet te lezen of niet geldig, of een notitie noemt een dataset of cijfer dat niet bestaat.",
    hint: "Verbeter het genoemde veld in de dataset, of de naam in data=\"…\" of cijfer=\"…\" van het component.",
    exit: "invoer",
  },
  "nota:totalen": {
    title: "Totaal klopt niet",
    message: "Een totaal of saldo in een tabel is niet gelijk aan de som van de rijen.",
    hint: "Tel de rijen opnieuw op en verbeter het totaal, of de rij die niet klopt.",
    exit: "invoer",
  },
  "nota:grafiek": {
    title: "Fout in een grafiek",
    message: "Een grafiekspecificatie (Vega-Lite, .vl.json) is niet gevonden of niet geldig, of de grafiek kan met haar dataset niet worden getekend.",
    hint: "Controleer de naam in grafiek=\"…\" en de specificatie naast de notitie of in templates/charts/.",
    exit: "invoer",
  },
  "nota:concept": {
    title: "Nog niet ingevuld",
    message: "Een notitie die gepubliceerd wordt, of een dataset die zij gebruikt, bevat nog een plaatshouder van nota new (NOG-INVULLEN).",
    hint: "Vul elk veld met NOG-INVULLEN in, of zet de status van de notitie terug op concept.",
    exit: "invoer",
  },
  "nota:publicatie": {
    title: "Publicatie niet in orde",
    message: "Status, besluit, embargo, correcties of intrekking van een notitie passen niet bij elkaar of bij wat al gepubliceerd is.",
    hint: "Volg de melding; de README legt onder Publiceren uit hoe concept, embargo, correctie en intrekking werken.",
    exit: "invoer",
  },
  "nota:gepubliceerd": {
    title: "Gepubliceerde notitie gewijzigd",
    message: "Een notitie of iets wat zij gebruikt (dataset, grafiek, afbeelding) is veranderd nadat een versie werd gepubliceerd, zonder correctie.",
    hint: "Voeg onder 'correcties' een correctie toe (datum en reden) voor de nieuwe versie, of maak de wijziging ongedaan.",
    exit: "invoer",
  },
  "nota:register": {
    title: "Publicatieregister beschadigd",
    message: "Het publicatieregister (publicaties/) klopt niet: een versie ontbreekt, staat niet op volgorde of is veranderd sinds de publicatie.",
    hint: "Zet de bestanden in publicaties/ terug uit git; alleen nota build schrijft in het register.",
    exit: "invoer",
  },
  "nota:nieuw": {
    title: "Nieuwe notitie niet gemaakt",
    message: "nota new maakt de notitie niet: het bestand bestaat al, of er ontbreekt een notitie om op voort te bouwen.",
    hint: "nota new overschrijft niets: kies een ander kwartaal of hernoem het bestaande bestand. Een bijlage vraagt eerst een notitie om bij te horen.",
    exit: "invoer",
  },
  "nota:dia": {
    title: "Dia klopt niet",
    message: "Een presentatie is een reeks dia's: een titeldia uit de frontmatter, dan één dia per kop ##. Deze dia volgt die opbouw niet, of haar inhoud past niet op haar pagina van 1920 × 1080.",
    hint: "Begin elke dia met een kop ##, zet geen tekst vóór de eerste en geen andere koppen of voetnoten in een presentatie. Past een dia niet, verdeel haar dan over twee dia's of kort de tekst in: nota verkleint of splitst niets zelf.",
    exit: "invoer",
  },
  "nota:import": {
    title: "Bron niet ingelezen",
    message: "nota import kon de bron (CSV, Excel of CBS) niet met de mapping omzetten in een kwartaaldataset: een cel, regel, kolom, periode of gemeentecode past niet, of de mapping zelf klopt niet. Er is niets geschreven.",
    hint: "Kijk in de bron naar de genoemde cel of regel en kolom (bijvoorbeeld Blad1!C7), of pas de mapping aan (zie 'De mapping' in de README), en voer het commando opnieuw uit.",
    exit: "invoer",
  },
  "nota:site": {
    title: "Site niet gebouwd",
    message: "Astro kon de pagina's van de site niet bouwen.",
    hint: "Kijk in het genoemde bestand op de genoemde regel. Noemt de melding geen bestand van het archief, verwijder dan .nota/ en bouw opnieuw.",
    exit: "invoer",
  },
  "nota:delen": {
    title: "Delen van het archief passen niet bij elkaar",
    message: "`nota merge` voegt alleen delen samen die `nota build --shard i/n` maakte uit dezelfde bronnen, op hetzelfde moment, voor hetzelfde siteadres en met dezelfde versie van nota, elk deel precies één keer. Hier is een map geen deel, ontbreekt een deel of komt het twee keer voor, of verschilt een bestand dat meer dan één deel maakte (een gedeelde pagina) tussen de delen.",
    hint: "Bouw alle delen opnieuw uit dezelfde commit, met dezelfde `--per` (of tegelijk), `NOTA_SITE_URL` en n in `--shard i/n`, en geef `nota merge` elk deel één keer.",
    exit: "invoer",
  },
  "nota:pdf": {
    title: "PDF niet gemaakt",
    message: "Een pagina van de gebouwde site kon niet als PDF worden afgedrukt.",
    hint: "Bouw opnieuw; helpt dat niet, verwijder dan .nota/ en bouw nog eens.",
    exit: "invoer",
  },
  "nota:release": {
    title: "Voorbeelddata bij --release",
    message: "Een build met --release ondertekent geen notitie waarvan een dataset nog als voorbeelddata is gemarkeerd.",
    hint: "Zet de echte cijfers in de dataset en haal \"voorbeelddata\": true weg.",
    exit: "invoer",
  },
  "nota:certificaat": {
    title: "Certificaat niet bruikbaar",
    message: "Het certificaat om mee te ondertekenen ontbreekt, is niet te openen (bestand of wachtwoord) of past niet bij de gemeente of bij --release.",
    hint: "Controleer certificaat.pkcs12 en het wachtwoord (certificaat.wachtwoordBestand of de omgevingsvariabele) in het profiel; --release vraagt een echt en geldig certificaat van de gemeente.",
    exit: "systeem",
  },
  "nota:openssl": {
    title: "openssl ontbreekt of faalt",
    message: "Voor de testcertificaten gebruikt nota het programma openssl; dat is niet geïnstalleerd of gaf een fout.",
    hint: "Installeer openssl (Debian: apt-get install openssl), of stel in het profiel het certificaat van de gemeente in.",
    exit: "systeem",
  },
  "nota:browser": {
    title: "Chrome of Chromium ontbreekt",
    message: "Om PDF's te maken heeft nota Chrome of Chromium nodig; die is niet gevonden of start niet.",
    hint: "Installeer Chromium (Debian: apt-get install chromium-headless-shell, of npm run setup) of wijs er een aan met NOTA_CHROMIUM=/pad/naar/chrome; zonder PDF's bouwen kan met --no-pdf.",
    exit: "systeem",
  },
  "nota:icc": {
    title: "Kleurprofiel ontbreekt",
    message: "Voor PDF/A heeft nota een sRGB-kleurprofiel (ICC) nodig; dat is niet gevonden.",
    hint: "Installeer het (Debian: apt-get install colord-data, of npm run setup) of wijs er een aan met NOTA_ICC_PROFILE=/pad/naar/sRGB.icc.",
    exit: "systeem",
  },
  "nota:zoekindex": {
    title: "Zoekindex niet gemaakt",
    message: "Pagefind kon de zoekindex van de site niet maken.",
    hint: "Controleer of npm install helemaal is gelukt (Pagefind heeft een programma voor dit besturingssysteem nodig) en of er ruimte is op de schijf.",
    exit: "systeem",
  },
  "nota:slot": {
    title: "Slot van een vorige build blijft staan",
    message: "Het slotbestand van een eerdere build kon niet worden opgeruimd.",
    hint: "Loopt er geen build meer, verwijder dan het genoemde bestand en probeer het opnieuw.",
    exit: "systeem",
  },
  "nota:tijdstempel": {
    title: "Tijdstempeldienst faalt",
    message: "De tijdstempeldienst (RFC 3161) was niet bereikbaar, antwoordde niet op tijd, gaf een fout of stuurde geen geldig tijdstempel.",
    hint: "Controleer het adres in tijdstempelUrl in het profiel of in NOTA_TSA_URL en of de dienst bereikbaar is, en probeer het later opnieuw.",
    exit: "ondertekening",
  },
  "nota:bezig": {
    title: "Er loopt al een build",
    message: "Een andere build van hetzelfde archief of naar dezelfde uitvoermap is nog bezig.",
    hint: "Wacht tot die klaar is en probeer het dan opnieuw.",
    exit: "bezig",
  },
} as const satisfies Record<`nota:${string}`, CatalogueEntry>;

/** A permanent error code: a typo in a diagnostic's origin fails the typecheck. */
export type ErrorCode = keyof typeof ERRORS;

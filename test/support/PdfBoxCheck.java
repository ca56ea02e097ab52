// Reads PDFs with Apache PDFBox (Debian's libpdfbox2-java), independent of nota's own code,
// and prints one tab-separated line per file for test/pdf-archival.test.ts:
// file, pdfaid:part, pdfaid:conformance, pdfuaid:part, dc:title, Info/XMP sync errors,
// output intents, fonts not embedded or without ToUnicode, file ID present.
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.pdfbox.preflight.ValidationResult.ValidationError;
import org.apache.pdfbox.preflight.metadata.SynchronizedMetaDataValidation;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPSchema;
import org.apache.xmpbox.xml.DomXmpParser;

public class PdfBoxCheck {
  public static void main(String[] args) throws Exception {
    for (String path : args) {
      try (PDDocument document = PDDocument.load(new File(path))) {
        List<String> out = new ArrayList<>();
        out.add(path);
        String part = "", conformance = "", ua = "", title = "", sync = "";
        var metadata = document.getDocumentCatalog().getMetadata();
        if (metadata == null) {
          sync = "no XMP";
        } else {
          try {
            XMPMetadata xmp = new DomXmpParser().parse(metadata.exportXMPMetadata());
            PDFAIdentificationSchema id = xmp.getPDFIdentificationSchema();
            if (id != null) {
              part = String.valueOf(id.getPart());
              conformance = String.valueOf(id.getConformance());
            }
            XMPSchema uaSchema = xmp.getSchema("http://www.aiim.org/pdfua/ns/id/");
            if (uaSchema != null) {
              for (var property : uaSchema.getAllProperties()) {
                if (property.getPropertyName().equals("part") && property instanceof org.apache.xmpbox.type.AbstractSimpleProperty) ua = ((org.apache.xmpbox.type.AbstractSimpleProperty) property).getStringValue();
              }
            }
            if (xmp.getDublinCoreSchema() != null) title = String.valueOf(xmp.getDublinCoreSchema().getTitle());
            List<String> errors = new ArrayList<>();
            for (ValidationError error : new SynchronizedMetaDataValidation().validateMetadataSynchronization(document, xmp)) errors.add(error.getErrorCode() + " " + error.getDetails());
            sync = String.join("; ", errors);
          } catch (Exception error) {
            sync = "XMP: " + error.getMessage();
          }
        }
        out.add(part);
        out.add(conformance);
        out.add(ua);
        out.add(title);
        out.add(sync);
        List<String> intents = new ArrayList<>();
        for (PDOutputIntent intent : document.getDocumentCatalog().getOutputIntents()) {
          intents.add(((org.apache.pdfbox.cos.COSDictionary) intent.getCOSObject()).getNameAsString(COSName.S) + ":" + intent.getOutputConditionIdentifier() + ":" + (intent.getDestOutputIntent() == null ? "-" : ((org.apache.pdfbox.cos.COSStream) intent.getDestOutputIntent().getCOSObject()).getInt(COSName.N)));
        }
        out.add(String.join(",", intents));
        List<String> fonts = new ArrayList<>();
        for (PDPage page : document.getPages()) {
          PDResources resources = page.getResources();
          for (COSName name : resources.getFontNames()) {
            PDFont font = resources.getFont(name);
            if (!font.isEmbedded()) fonts.add(font.getName() + " not embedded");
            if (!font.getCOSObject().containsKey(COSName.TO_UNICODE)) fonts.add(font.getName() + " without ToUnicode");
          }
        }
        out.add(String.join(",", fonts));
        out.add(document.getDocument().getDocumentID() != null && document.getDocument().getDocumentID().size() == 2 ? "id" : "no id");
        System.out.println(String.join("\t", out).replace("\n", " "));
      }
    }
  }
}

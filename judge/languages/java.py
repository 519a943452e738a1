from judge.languages.base import Language, resolve

JAVAC, JAVA = resolve("javac"), resolve("java")
# javac is a JVM too: one GC thread, C1 only (it runs once), a bounded heap.
JAVAC_VM = ["-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:ActiveProcessorCount=2", "-J-Xmx768m"]
# The heap is the problem's limit; running out of it exits 3 (read as MLE).
# Serial GC: one GC thread, the smallest footprint. 2 CPUs: JIT threads stay
# few on big hosts (threads count toward the box's task limit). -Xss: deep
# recursion, as on other judges. No perf data file in /tmp.
JVM = ["-Xmx{heap_mb}m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2"]


class Java(Language):
    id = "java"
    name = "Java 17 (OpenJDK)"
    source_name = "Main.java"  # the public class must be Main, as javac wants
    compile_argv = [JAVAC, *JAVAC_VM, "-encoding", "UTF-8", "-d", "/box", "{source}"]
    run_argv = [JAVA, *JVM, "-Xss64m", "-XX:-UsePerfData", "-cp", "/box", "Main"]
    version_argv = [JAVA, "-version"]
    heap_exhausted_exit_code = 3  # -XX:+ExitOnOutOfMemoryError
    # Beyond the heap: metaspace, code cache, GC tables, thread stacks (measured ~17 MiB).
    memory_extra_kb = 64 * 1024
    test_program = (
        "import java.util.Scanner;\n"
        "public class Main {\n"
        "    public static void main(String[] args) {\n"
        "        System.out.println(new Scanner(System.in).nextLine());\n"
        "    }\n"
        "}\n"
    )

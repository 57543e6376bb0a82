package io.vnode.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a container does once started, chosen by the first behaviour whose {@code imagePattern}
 * (a regular expression, searched with {@code find()}) matches the image name.
 *
 * @param exitCode null: the container runs forever; otherwise it exits with this code after {@code runFor}
 * @param logLines what DescribeContainerLog returns, spread over the run
 */
public record ImageBehaviour(String imagePattern, Integer exitCode, Duration runFor, List<String> logLines) {

    /** The output of the CUDA vectorAdd sample. */
    public static final List<String> CUDA_VECTOR_ADD_LOG = List.of(
            "[Vector addition of 50000 elements]",
            "Copy input data from the host memory to the CUDA device",
            "CUDA kernel launch with 196 blocks of 256 threads",
            "Copy output data from the CUDA device to the host memory",
            "Test PASSED",
            "Done");

    public ImageBehaviour {
        Objects.requireNonNull(imagePattern, "imagePattern");
        Pattern.compile(imagePattern);
        runFor = runFor == null ? Duration.ZERO : runFor;
        logLines = logLines == null ? List.of() : List.copyOf(logLines);
    }

    public static ImageBehaviour runForever(String imagePattern, List<String> logLines) {
        return new ImageBehaviour(imagePattern, null, Duration.ZERO, logLines);
    }

    public static ImageBehaviour exit(String imagePattern, int exitCode, Duration after, List<String> logLines) {
        return new ImageBehaviour(imagePattern, exitCode, after, logLines);
    }

    /** An image with "cuda" and "vectoradd" in its name exits 0 after {@code after}, printing "Test PASSED". */
    public static ImageBehaviour cudaVectorAdd(Duration after) {
        return exit("(?i)(cuda.*vectoradd|vectoradd.*cuda)", 0, after, CUDA_VECTOR_ADD_LOG);
    }

    public boolean matches(String image) {
        return Pattern.compile(imagePattern).matcher(image).find();
    }
}

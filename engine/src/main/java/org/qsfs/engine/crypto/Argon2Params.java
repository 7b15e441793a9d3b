package org.qsfs.engine.crypto;

/**
 * Cost of the Argon2id passphrase hash that protects a key file.
 *
 * @param memoryKiB memory in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** What new key files get: 64 MiB, 3 passes, 1 lane (about half a second here). */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    public Argon2Params {
        String problem = problem(memoryKiB, iterations, parallelism);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why these parameters are out of range, or null when they are fine. */
    static String problem(long memoryKiB, long iterations, long parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            return "Argon2id parallelism " + parallelism + " is outside 1.." + MAX_PARALLELISM;
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            return "Argon2id memory " + memoryKiB + " KiB is outside " + (8 * parallelism) + ".." + MAX_MEMORY_KIB;
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            return "Argon2id iterations " + iterations + " is outside 1.." + MAX_ITERATIONS;
        }
        return null;
    }
}

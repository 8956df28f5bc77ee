package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Work over indexes 0..count-1 shared by a few threads, each taking the next index; the first failure is thrown. */
final class Parallel {
    interface Task {
        void run(int index) throws Exception;
    }

    private Parallel() {
    }

    static void forEach(int count, int threads, Task task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        task.run(i);
                    }
                    return null;
                });
            }
            for (Future<Void> worker : pool.invokeAll(workers)) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}

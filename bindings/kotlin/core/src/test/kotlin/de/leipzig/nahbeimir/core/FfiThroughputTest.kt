package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.RecordingLogger
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import kotlin.system.measureNanoTime
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * A timing harness for the performance report (item 5): 1,000 news records
 * from the core's SQLite across the FFI into Kotlin objects, the way a
 * news screen asks for them. The time is printed, never asserted (CI
 * machines differ); that all 1,000 records arrive, whole, is asserted.
 *
 * The timed call is `news.list(1000, 0)`: the core's query, uniffi's
 * serialisation of 1,000 records into one buffer, the JNA call and the
 * Kotlin side reading them back into data classes. The library is the one
 * JNA finds (`jna.library.path`): the debug build under `mvn test`, the
 * release build under `scripts/perf-report`.
 */
class FfiThroughputTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `1000 news records cross the FFI into Kotlin`() = runBlocking<Unit> {
        SandboxProcess.start(dir).use { sandbox ->
            publish(sandbox, RECORDS)
            val data = dir.resolve("data").toString()
            App.open(sandbox.clientConfig(), data, MemorySecretStore(), RecordingLogger()).use { app ->
                app.news().use { news ->
                    val outcome = news.refresh()
                    assertTrue(outcome is RefreshOutcome.Updated, "the feed was stored: $outcome")

                    // The first calls load the library and warm up the JIT.
                    repeat(WARM_UP) { news.list(RECORDS.toUInt(), 0u) }
                    var records = emptyList<NewsItem>()
                    val nanos = LongArray(RUNS) {
                        measureNanoTime { records = news.list(RECORDS.toUInt(), 0u) }
                    }

                    assertEquals(RECORDS, records.size, "every record arrived")
                    assertEquals(RECORDS, records.map { it.id }.toSet().size, "each record once")
                    assertTrue(records.all { it.title.isNotBlank() && it.summary.isNotBlank() })
                    assertTrue(records.all { it.categories == listOf("Bürgerservice", "Verwaltung") })

                    nanos.sort()
                    val median = nanos[RUNS / 2] / 1e6
                    val fastest = nanos[0] / 1e6
                    val library = System.getProperty("jna.library.path") ?: "(JNA default)"
                    println(
                        "PERF ffi-news-1000 median_ms=%.2f min_ms=%.2f per_record_us=%.1f runs=%d library=%s"
                            .format(median, fastest, median * 1000 / RECORDS, RUNS, library)
                    )
                }
            }
        }
    }

    /**
     * Publishes [count] press releases at the sandbox, dated after its seed's
     * few dozen (whatever this machine's clock says), one a minute.
     */
    private fun publish(sandbox: SandboxProcess, count: Int) {
        repeat(count) { i ->
            val published = "Fri, 27 Nov 2026 %02d:%02d:00 +0100".format(6 + i / 60, i % 60)
            sandbox.control(
                "news",
                """{"title": "Pressemitteilung $i: Bürgerbüro mit neuen Öffnungszeiten",
                   "description_html": "<p>Die <strong>Stadt Leipzig</strong> informiert über geänderte Öffnungszeiten im Bürgerbüro. Termine können online gebucht werden.</p>",
                   "categories": ["Bürgerservice", "Verwaltung"], "published": "$published"}"""
            )
        }
    }

    private companion object {
        const val RECORDS = 1_000
        const val WARM_UP = 50
        const val RUNS = 100
    }
}

package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.updates
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.RecordingLogger
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.flow.produceIn
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** The news feature through the generated Kotlin bindings, against a real sandbox. */
class NewsBindingTest {
    @TempDir
    lateinit var dir: Path

    private lateinit var sandbox: SandboxProcess
    private val logger = RecordingLogger()

    @BeforeEach
    fun startSandbox() {
        sandbox = SandboxProcess.start(dir)
    }

    @AfterEach
    fun stopSandbox() {
        sandbox.close()
    }

    private fun openApp(): App =
        App.open(sandbox.clientConfig(), dir.resolve("data").toString(), MemorySecretStore(), logger)

    private suspend fun <T> ReceiveChannel<T>.next(): T = withTimeout(30_000) { receive() }

    @Test
    fun `refresh is a suspend call and the listener flow sees every change`() = runBlocking<Unit> {
        openApp().use { app ->
            app.news().use { news ->
                val updates = news.updates(10u).produceIn(this)
                assertEquals(emptyList<NewsItem>(), updates.next(), "the current (empty) list comes first")

                val outcome = news.refresh()
                assertTrue(outcome is RefreshOutcome.Updated && outcome.inserted >= 30u, "got $outcome")

                val fresh = updates.next()
                assertEquals(10, fresh.size)
                val newest = fresh.first()
                assertTrue(newest.title.isNotBlank())
                assertFalse(newest.summary.contains('<'), "summaries are plain text")
                val dates = fresh.mapNotNull { it.published }
                assertEquals(dates.sortedDescending(), dates, "newest first")

                assertEquals(RefreshOutcome.NotModified, news.refresh(), "unchanged feed answers 304")

                news.markRead(newest.id, true)
                assertTrue(updates.next().first().read, "the read mark reaches the listener")
                assertEquals(1uL, news.counts().total - news.counts().unread)
                updates.cancel()
            }
        }
        assertTrue(logger.lines.any { it.contains("feed stored") }, "the core logs through the Kotlin logger")
    }

    @Test
    fun `a stopped sandbox gives the offline error and the stored news stay readable`() = runBlocking<Unit> {
        openApp().use { app ->
            app.news().use { news ->
                news.refresh()
                sandbox.stop()
                assertThrows<ApiException.Offline> { runBlocking { news.refresh() } }
                assertEquals(20, news.list(20u, 0u).size)
            }
        }
    }

    @Test
    fun `background sync reports what it did and when to come back`() = runBlocking<Unit> {
        openApp().use { app ->
            app.sync().use { sync ->
                val idle = SyncStep.Unchanged
                // Nobody is logged in: no payments to ask about, no mailbox.
                val noPayments = SyncStep.Skipped
                val first = SyncReport(
                    idle,
                    SyncStep.Updated,
                    SyncStep.Updated,
                    noPayments,
                    noPayments,
                    pendingActions = 0u,
                    openPayments = 0u,
                    retryLater = false
                )
                assertEquals(first, sync.run())
                val again = first.copy(news = SyncStep.Unchanged, facilities = SyncStep.Unchanged)
                assertEquals(again, sync.run())
                sandbox.inject("""{"path": "/newsfeed/", "times": 2, "kind": "status", "status": 503}""")
                val failed = sync.run()
                assertTrue(failed.retryLater, "a 503 is worth retrying soon: $failed")
                app.setOffline(true)
                val skipped = SyncStep.Skipped
                val offline = SyncReport(skipped, skipped, skipped, skipped, skipped, 0u, 0u, false)
                assertEquals(offline, sync.run())
            }
        }
    }

    @Test
    fun `offline mode never touches the network`() = runBlocking<Unit> {
        openApp().use { app ->
            app.setOffline(true)
            assertTrue(app.isOffline())
            app.news().use { news ->
                assertThrows<ApiException.Offline> { runBlocking { news.refresh() } }
                assertEquals(0, news.list(20u, 0u).size)
            }
        }
    }

    @Test
    fun `an unknown item is NotFound and a bad config is a typed error`() {
        openApp().use { app ->
            app.news().use { news ->
                assertThrows<ApiException.NotFound> { news.get(999_999L) }
                assertThrows<ApiException.NotFound> { news.markRead(999_999L, true) }
            }
        }
        assertThrows<ApiException.Other> {
            App.open(
                "[endpoints]\nnews_feed = \"http://example.org/feed\"\n",
                dir.toString(),
                MemorySecretStore(),
                null
            )
        }
    }
}

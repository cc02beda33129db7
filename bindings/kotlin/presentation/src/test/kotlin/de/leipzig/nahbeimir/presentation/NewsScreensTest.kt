package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.presentation.home.Feature
import de.leipzig.nahbeimir.presentation.home.HomeStateHolder
import de.leipzig.nahbeimir.presentation.news.NewsBanner
import de.leipzig.nahbeimir.presentation.news.NewsDetailState
import de.leipzig.nahbeimir.presentation.news.NewsDetailStateHolder
import de.leipzig.nahbeimir.presentation.news.NewsListPhase
import de.leipzig.nahbeimir.presentation.news.NewsListState
import de.leipzig.nahbeimir.presentation.news.NewsListStateHolder
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.presentation.settings.SettingsStateHolder
import de.leipzig.nahbeimir.presentation.settings.WipeStep
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The news screens' state holders against the real core and a sandbox process. */
class NewsScreensTest {
    @TempDir
    lateinit var dir: Path

    private lateinit var sandbox: SandboxProcess
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    @BeforeEach
    fun start() {
        sandbox = SandboxProcess.start(dir)
    }

    @AfterEach
    fun stop() {
        scope.cancel()
        sandbox.close()
    }

    private fun openApp(): App =
        App.open(sandbox.clientConfig(), dir.resolve("data").toString(), MemorySecretStore(), null)

    private fun language(tag: String = "de") = LanguageSetting(MemoryPreferenceStore(), tag, scope)

    private suspend fun <T> StateFlow<T>.await(what: String, predicate: (T) -> Boolean): T = try {
        withTimeout(30_000) { first(predicate) }
    } catch (e: Exception) {
        throw AssertionError("state never became $what; last: $value", e)
    }

    @Test
    fun `the list goes from loading to content from the sandbox`() = runBlocking<Unit> {
        openApp().use { app ->
            app.news().use { news ->
                val holder = NewsListStateHolder(news, scope, language().formats)
                val seen = CopyOnWriteArrayList<NewsListState>()
                val recorder = scope.launch { holder.state.collect { seen += it } }
                val content = holder.state.await("content") { it.phase == NewsListPhase.CONTENT && !it.refreshing }
                recorder.cancel()
                assertEquals(NewsListPhase.LOADING, seen.first().phase)
                assertTrue(content.rows.size >= 30, "rows: ${content.rows.size}")
                assertNull(content.banner)
                val first = content.rows.first()
                assertTrue(first.unread)
                assertEquals("25.11.2026, 14:20", first.published)
                assertTrue(first.teaser.isNotBlank() && !first.teaser.contains('<'))
            }
        }
    }

    @Test
    fun `offline the stored news come with an offline banner`() = runBlocking<Unit> {
        val stored = openApp().use { app ->
            app.news().use { news ->
                news.refresh()
                news.counts().total.toInt()
            }
        }
        sandbox.stop()
        openApp().use { app ->
            app.news().use { news ->
                val holder = NewsListStateHolder(news, scope, language().formats)
                val state = holder.state.await("offline content") { it.banner == NewsBanner.OFFLINE }
                assertEquals(NewsListPhase.CONTENT, state.phase)
                assertEquals(stored, state.rows.size)
                assertTrue(state.canRetry)
            }
        }
    }

    @Test
    fun `a server error without stored news is an error state with retry`() = runBlocking<Unit> {
        // The client tries twice (max_retries = 1): both attempts fail.
        sandbox.inject("""{"path": "/newsfeed/", "times": 2, "kind": "status", "status": 500}""")
        openApp().use { app ->
            app.news().use { news ->
                val holder = NewsListStateHolder(news, scope, language().formats)
                val error = holder.state.await("error") { it.phase == NewsListPhase.ERROR }
                assertEquals(ErrorKind.SERVER, error.error)
                assertTrue(error.canRetry)
                holder.refresh()
                holder.state.await("content after retry") { it.phase == NewsListPhase.CONTENT && !it.refreshing }
            }
        }
    }

    @Test
    fun `switching the language re-formats the screens`() = runBlocking<Unit> {
        openApp().use { app ->
            app.news().use { news ->
                val language = language("de")
                val holder = NewsListStateHolder(news, scope, language.formats)
                holder.state.await("German rows") { it.rows.firstOrNull()?.published == "25.11.2026, 14:20" }
                val settings = SettingsStateHolder(app, language, scope)
                settings.selectLanguage(AppLanguage.ENGLISH)
                holder.state.await("English rows") { it.rows.firstOrNull()?.published == "25 Nov 2026, 14:20" }
                assertEquals(
                    AppLanguage.ENGLISH,
                    settings.state.await("English settings") {
                        it.language ==
                            AppLanguage.ENGLISH
                    }.language
                )
            }
        }
    }

    @Test
    fun `detail marks read, home previews, wipe empties everything`() = runBlocking<Unit> {
        openApp().use { app ->
            app.news().use { news ->
                news.refresh()
                val formats = language().formats
                val home = HomeStateHolder(news, scope, formats)
                val preview = home.state.await("preview") { it.latestNews.size == 3 }
                assertEquals(news.counts().unread.toInt(), preview.unreadNews, "unread counts every stored item")
                assertTrue(preview.unreadNews >= 30)
                assertTrue(preview.tiles.first { it.feature == Feature.NEWS }.available)
                val id = preview.latestNews.first().id

                val detail = NewsDetailStateHolder(news, id, scope, formats)
                val content = detail.state.await("detail") { it is NewsDetailState.Content } as NewsDetailState.Content
                assertEquals(preview.latestNews.first().title, content.detail.title)
                assertTrue(content.detail.paragraphs.isNotEmpty())
                home.state.await("read mark on home") { it.latestNews.first().unread.not() }

                val missing = NewsDetailStateHolder(news, 999_999L, scope, formats)
                assertEquals(
                    NewsDetailState.Error(ErrorKind.NOT_FOUND),
                    missing.state.await("missing") {
                        it is NewsDetailState.Error
                    }
                )

                val settings = SettingsStateHolder(app, language(), scope)
                settings.confirmWipe()
                assertEquals(WipeStep.IDLE, settings.state.value.wipe, "no wipe without asking first")
                settings.requestWipe()
                settings.confirmWipe()
                settings.state.await("wiped") { it.wipe == WipeStep.DONE }
                home.state.await("empty home") { it.latestNews.isEmpty() }
            }
        }
    }
}

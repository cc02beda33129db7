package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.Wheelchair
import de.leipzig.nahbeimir.presentation.facilities.FacilityCategory
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetailPhase
import de.leipzig.nahbeimir.presentation.facilities.FacilityDetailStateHolder
import de.leipzig.nahbeimir.presentation.facilities.FacilitySearchStateHolder
import de.leipzig.nahbeimir.presentation.facilities.FinderFilters
import de.leipzig.nahbeimir.presentation.facilities.FinderPhase
import de.leipzig.nahbeimir.presentation.facilities.FinderState
import de.leipzig.nahbeimir.presentation.facilities.LocationStatus
import de.leipzig.nahbeimir.presentation.facilities.OpenBadge
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import java.time.Instant
import java.time.OffsetDateTime
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The facility finder's state holders against the real core and a sandbox process. */
class FacilityScreensTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val formats = LanguageSetting(MemoryPreferenceStore(), "de", scope).formats

    /** Buß- und Bettag 2026, 10:00 in Leipzig: a holiday in Saxony only. */
    private var clock: Instant = OffsetDateTime.parse("2026-11-18T10:00:00+01:00").toInstant()

    @AfterEach
    fun stop() {
        scope.cancel()
        sandbox?.close()
    }

    private fun openApp(): App {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        return App.open(s.clientConfig(), dir.resolve("data").toString(), MemorySecretStore(), null)
    }

    /** The answer to exactly these filters (the state flow may still show the previous ones). */
    private suspend fun FacilitySearchStateHolder.answer(
        what: String,
        filters: FinderFilters,
        location: LocationStatus = LocationStatus.OFF,
        predicate: (FinderState) -> Boolean = { true }
    ): FinderState = state.await(what) {
        it.filters == filters && it.location == location && !it.searching && predicate(it)
    }

    private suspend fun <T> StateFlow<T>.await(what: String, predicate: (T) -> Boolean): T = try {
        withTimeout(30_000) { first(predicate) }
    } catch (e: Exception) {
        throw AssertionError("state never became $what; last: $value", e)
    }

    @Test
    fun `search in any spelling, filter, near me, and open now on a Saxon holiday`() = runBlocking<Unit> {
        val app = openApp()
        val finder = FacilitySearchStateHolder(app.facilities(), scope, formats, now = { clock })
        finder.state.await("downloaded and listed") { it.phase == FinderPhase.RESULTS && it.rows.size == 50 }

        finder.setText("burgerburo")
        val offices = finder.answer("Bürgerbüros", FinderFilters("burgerburo"))
        assertTrue(offices.rows.all { it.category == FacilityCategory.BUERGERBUERO }, "$offices")
        assertTrue(offices.rows.all { it.distance == null }, "no distances without a position")

        assertTrue(offices.rows.any { it.id == "buergerbuero-10401" })
        finder.setOpenNow(true)
        val holiday = finder.answer(
            "every office closed on Buß- und Bettag",
            FinderFilters("burgerburo", openNow = true)
        )
        assertEquals(FinderPhase.NO_MATCH, holiday.phase)
        clock = OffsetDateTime.parse("2026-11-17T10:00:00+01:00").toInstant()
        finder.recheck()
        val open = finder.answer("open the day before", FinderFilters("burgerburo", openNow = true)) { s ->
            s.rows.any { it.id == "buergerbuero-10401" }
        }
        val otto = open.rows.first { it.id == "buergerbuero-10401" }
        assertEquals(OpenBadge.OPEN, otto.badge)
        assertEquals("12:00", otto.nextChange)

        finder.setOpenNow(false)
        finder.setText("")
        finder.setCategory(FacilityCategory.BIBLIOTHEK)
        finder.requestLocation()
        finder.state.await("asking for a position") { it.location == LocationStatus.WAITING }
        finder.locationFound(51.3397, 12.3810)
        val libraries = FinderFilters(category = FacilityCategory.BIBLIOTHEK)
        val near = finder.answer("libraries near Augustusplatz", libraries, LocationStatus.ON)
        assertTrue(near.rows.all { it.category == FacilityCategory.BIBLIOTHEK && it.distance != null })
        assertEquals("bibliothek-lsb-0", near.rows.first().id, "the Stadtbibliothek is nearest")
        assertTrue(Regex("""\d+\u00a0m|\d+,\d\u00a0km""").matches(near.rows.first().distance ?: ""))

        finder.setWheelchair(true)
        val stepFree = finder.answer("step-free only", libraries.copy(wheelchair = true), LocationStatus.ON)
        assertTrue(stepFree.rows.isNotEmpty())
        assertTrue(stepFree.rows.all { it.wheelchair == Wheelchair.YES })

        finder.locationUnavailable()
        val denied = finder.answer("no position", libraries.copy(wheelchair = true), LocationStatus.UNAVAILABLE)
        assertTrue(denied.rows.all { it.distance == null })
        assertNull(denied.error)

        // A position the core refuses is an error of this answer only; the next good one clears it.
        finder.locationFound(123.0, 12.0)
        val refused = finder.answer("refused position", libraries.copy(wheelchair = true), LocationStatus.ON) {
            it.error != null
        }
        assertEquals(ErrorKind.VALIDATION, refused.error)
        finder.locationFound(51.3397, 12.3810)
        finder.answer("good position again", libraries.copy(wheelchair = true), LocationStatus.ON) {
            it.error == null && it.rows.isNotEmpty()
        }
        app.close()
    }

    @Test
    fun `the detail says closed on the holiday, when it opens, and links a map`() = runBlocking<Unit> {
        val app = openApp()
        app.facilities().refresh()
        val detail = FacilityDetailStateHolder(app.facilities(), "buergerbuero-10401", scope, formats, now = { clock })
        val shown = detail.state.await("content") { it.phase == FacilityDetailPhase.CONTENT }.detail ?: error("detail")
        assertEquals(OpenBadge.CLOSED, shown.row.badge)
        assertEquals("Do 08:00", shown.row.nextChange)
        assertEquals("Otto-Schill-Straße 2, 04109 Leipzig", shown.row.address)
        assertTrue(shown.openingHours?.contains("PH off") == true)
        assertTrue(shown.geoUri.startsWith("geo:51.338"), shown.geoUri)
        assertTrue(shown.geoUri.endsWith("(B%C3%BCrgerb%C3%BCro%20Otto-Schill-Stra%C3%9Fe)"), shown.geoUri)
        assertTrue(shown.webMapUrl.startsWith("https://www.openstreetmap.org/?mlat=51.33859&mlon=12.37078"))

        // The screen stays open into the next morning: a recheck turns "closed" into "open".
        clock = OffsetDateTime.parse("2026-11-19T10:00:00+01:00").toInstant()
        detail.recheck()
        val morning = detail.state.await("open on Thursday") { it.detail?.row?.badge == OpenBadge.OPEN }
        assertEquals("12:00", morning.detail?.row?.nextChange)

        val unknown = FacilityDetailStateHolder(app.facilities(), "museum-sportmuseum-leipzig", scope, formats)
        val vague = unknown.state.await("content") { it.phase == FacilityDetailPhase.CONTENT }.detail
        assertEquals(OpenBadge.UNKNOWN, vague?.row?.badge, "\"nach Vereinbarung\" is never open")
        assertNull(vague?.row?.nextChange)

        val gone = FacilityDetailStateHolder(app.facilities(), "nirgends", scope, formats)
        gone.state.await("not found") { it.phase == FacilityDetailPhase.NOT_FOUND }
        app.close()
    }

    @Test
    fun `without a stored layer and without network the finder says offline, then recovers`() = runBlocking<Unit> {
        val app = openApp()
        sandbox?.stop()
        val finder = FacilitySearchStateHolder(app.facilities(), scope, formats, now = { clock })
        val failed = finder.state.await("error") { it.phase == FinderPhase.ERROR }
        assertEquals(ErrorKind.OFFLINE, failed.error)

        sandbox = sandbox?.restart()
        finder.refresh()
        val back = finder.state.await("results") { it.phase == FinderPhase.RESULTS }
        assertNull(back.error)
        app.close()
    }
}

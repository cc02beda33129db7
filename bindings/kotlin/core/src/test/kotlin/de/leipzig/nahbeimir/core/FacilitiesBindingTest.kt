package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import java.time.OffsetDateTime
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** The facility finder through the generated Kotlin bindings, against a real sandbox. */
class FacilitiesBindingTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null

    @AfterEach
    fun stopSandbox() {
        sandbox?.close()
    }

    private val augustusplatz = GeoPoint(51.3397, 12.3810)

    private fun instant(text: String) = OffsetDateTime.parse(text).toInstant()

    @Test
    fun `refresh, search in any spelling, near me, open on a Saxon holiday, offline`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        App.open(s.clientConfig(), dir.resolve("data").toString(), MemorySecretStore(), null).use { app ->
            app.facilities().use { facilities ->
                val changed = launch { withTimeout(30_000) { facilities.changes().take(2).toList() } }
                val stored = facilities.refresh()
                assertTrue(
                    stored is LayerRefresh.Replaced && stored.stored == 58u && stored.skipped.isEmpty(),
                    "$stored"
                )
                changed.join()
                assertEquals(LayerRefresh.NotModified, facilities.refresh())

                val query = FacilityQuery("burgerburo", null, augustusplatz, false, null, false, 3u)
                val hits = facilities.search(query)
                assertEquals("buergerbuero-10401", hits.first().facility.id)
                assertEquals("Otto-Schill-Straße 2, 04109 Leipzig", hits.first().facility.address)
                val distances = hits.map { it.distanceM ?: error("distance") }
                assertEquals(distances.sorted(), distances)
                assertTrue(distances.first() in 600.0..900.0, "$distances")

                val libraries = facilities.near(augustusplatz, "bibliothek", 3u)
                assertEquals(3, libraries.size)
                assertTrue(libraries.all { it.facility.category == "bibliothek" })

                val holiday = facilities.show("buergerbuero-10401", instant("2026-11-18T10:00:00+01:00"))
                assertEquals(OpenState.CLOSED, holiday.opening.state)
                assertEquals(instant("2026-11-19T08:00:00+01:00"), holiday.opening.opensAt)
                val dayBefore = facilities.show("buergerbuero-10401", instant("2026-11-17T10:00:00+01:00"))
                assertEquals(OpenState.OPEN, dayBefore.opening.state)

                s.inject("""{"path": "/geo/facilities.geojson", "kind": "body", "body": "{\"type\": \"Feat"}""")
                assertThrows<ApiException.Server> { runBlocking { facilities.refresh() } }
                assertEquals(58uL, facilities.count(), "a broken layer replaces nothing")
                assertThrows<ApiException.NotFound> { runBlocking { facilities.show("nirgends", null) } }

                s.stop()
                assertThrows<ApiException.Offline> { runBlocking { facilities.refresh() } }
                val offline = facilities.search(FacilityQuery("Bürgerb", "buergerbuero", null, false, null, false, 0u))
                assertEquals(11, offline.size, "every Bürgerbüro, from the phone's copy")
                app.wipeLocalData(false)
                assertEquals(0uL, facilities.count())
                withTimeout(5_000) { facilities.changes().first() }
            }
        }
    }
}

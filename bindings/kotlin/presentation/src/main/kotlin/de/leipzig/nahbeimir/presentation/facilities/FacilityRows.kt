package de.leipzig.nahbeimir.presentation.facilities

import de.leipzig.nahbeimir.core.FacilityHit
import de.leipzig.nahbeimir.core.OpenState
import de.leipzig.nahbeimir.core.Wheelchair
import de.leipzig.nahbeimir.presentation.Formats
import java.net.URLEncoder
import java.nio.charset.StandardCharsets
import java.time.Instant
import java.util.Locale

/** The kinds of facility the finder filters by; each has its name and icon in the shells. */
enum class FacilityCategory(val key: String) {
    /** Bürgerbüro (citizens' office). */
    BUERGERBUERO("buergerbuero"),

    /** City library branch. */
    BIBLIOTHEK("bibliothek"),

    /** Indoor or outdoor pool. */
    SCHWIMMBAD("schwimmbad"),

    /** Kita, Hort. */
    KITA("kita"),

    /** School. */
    SCHULE("schule"),

    /** Museum. */
    MUSEUM("museum")
    ;

    companion object {
        /** The category of a layer's key; null for kinds the app has no name for. */
        fun of(key: String): FacilityCategory? = entries.firstOrNull { it.key == key }
    }
}

/** Open now, closed, or not known — never shown as open when not known. */
enum class OpenBadge { OPEN, CLOSED, UNKNOWN }

/** One facility, formatted. */
data class FacilityRow(
    val id: String,
    val name: String,
    /** Null for a category the app has no name for; [categoryKey] is then shown as is. */
    val category: FacilityCategory?,
    val categoryKey: String,
    val address: String,
    val district: String?,
    /** `850 m` / `1,2 km`, when searched near a place. */
    val distance: String?,
    val badge: OpenBadge,
    /** When open: closes at; when closed: opens at (`18:00`, `Do 09:00`); null when not known. */
    val nextChange: String?,
    val wheelchair: Wheelchair?
)

internal fun FacilityHit.toRow(formats: Formats, now: Instant): FacilityRow {
    val badge = when (opening.state) {
        OpenState.OPEN -> OpenBadge.OPEN
        OpenState.CLOSED -> OpenBadge.CLOSED
        OpenState.UNKNOWN -> OpenBadge.UNKNOWN
    }
    val change = when (badge) {
        OpenBadge.OPEN -> opening.closesAt
        OpenBadge.CLOSED -> opening.opensAt
        OpenBadge.UNKNOWN -> null
    }
    return FacilityRow(
        id = facility.id,
        name = facility.name,
        category = FacilityCategory.of(facility.category),
        categoryKey = facility.category,
        address = facility.address,
        district = facility.district,
        distance = distanceM?.let(formats::distance),
        badge = badge,
        nextChange = change?.let { formats.moment(it, now) },
        wheelchair = facility.wheelchair
    )
}

/** `geo:` URI (RFC 5870) that map apps open with a pin and the facility's name. */
internal fun geoUri(lat: Double, lon: Double, name: String): String {
    val point = "%.6f,%.6f".format(Locale.ROOT, lat, lon)
    val label = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
    return "geo:$point?q=$point($label)"
}

/** The same place on openstreetmap.org, for platforms without a map app. */
internal fun webMapUrl(lat: Double, lon: Double): String {
    val (la, lo) = "%.5f".format(Locale.ROOT, lat) to "%.5f".format(Locale.ROOT, lon)
    return "https://www.openstreetmap.org/?mlat=$la&mlon=$lo#map=18/$la/$lo"
}

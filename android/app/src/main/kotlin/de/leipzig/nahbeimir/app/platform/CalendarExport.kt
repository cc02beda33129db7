package de.leipzig.nahbeimir.app.platform

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.ClipData
import android.content.Context
import android.content.Intent
import androidx.core.content.FileProvider
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * "Add to calendar": the core writes the appointment as an `.ics` file (with its own
 * reminders); this puts it in the app's cache (`cache/calendar/`, listed in
 * `res/xml/file_paths.xml`) and hands it to a calendar app through the [FileProvider]
 * declared in the manifest, read-only and only for that one file. A calendar app that
 * opens `text/calendar` gets it directly; otherwise the share sheet offers it (mail,
 * files, other calendars).
 */
object CalendarExport {
    private const val DIR = "calendar"
    private const val MIME = "text/calendar"

    /** The FileProvider's authority; the manifest declares `${applicationId}.files`. */
    private fun authority(context: Context) = "${context.packageName}.files"

    /**
     * Writes [ics] as the file of appointment [processId] and offers it; false when no app on
     * the phone can take it, so the screen can say so.
     */
    suspend fun open(context: Context, processId: UInt, ics: String, chooserTitle: String): Boolean {
        val file = withContext(Dispatchers.IO) {
            val dir = File(context.cacheDir, DIR).apply { mkdirs() }
            File(dir, "termin-$processId.ics").apply { writeText(ics) }
        }
        val uri = FileProvider.getUriForFile(context, authority(context), file)
        val view = Intent(Intent.ACTION_VIEW)
            .setDataAndType(uri, MIME)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        val send = Intent(Intent.ACTION_SEND)
            .setType(MIME)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
            .apply { clipData = ClipData.newRawUri(null, uri) }
        return start(context, view) || start(context, Intent.createChooser(send, chooserTitle))
    }

    /** Deletes the exported files (part of "delete all data on this phone"). */
    fun clear(context: Context) {
        File(context.cacheDir, DIR).deleteRecursively()
    }

    private fun start(context: Context, intent: Intent): Boolean = try {
        if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        context.startActivity(intent)
        true
    } catch (_: ActivityNotFoundException) {
        false
    }
}

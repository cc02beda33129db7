package de.leipzig.nahbeimir.app.platform

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.ClipData
import android.content.Context
import android.content.Intent
import androidx.core.content.FileProvider
import java.io.File

/**
 * Receipts (Quittungen) as files for other apps: the core writes the PDF (and its JSON)
 * into the app's cache (`cache/receipts/`, listed in `res/xml/file_paths.xml`), and this
 * lends the PDF read-only, through the [FileProvider] declared in the manifest, to a PDF
 * viewer ([view]) or to the app the citizen picks in the share sheet ([share]). The files
 * are personal: they go with "delete all data" and the logout ([clear]).
 */
object ReceiptFiles {
    private const val DIR = "receipts"
    private const val MIME = "application/pdf"

    /** Where the state holder exports receipts to. */
    fun dir(context: Context): File = File(context.cacheDir, DIR)

    /** Opens the PDF at [path] in a PDF viewer; false when there is none. */
    fun view(context: Context, path: String): Boolean {
        val uri = FileProvider.getUriForFile(context, authority(context), File(path))
        val intent = Intent(Intent.ACTION_VIEW)
            .setDataAndType(uri, MIME)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        return start(context, intent)
    }

    /** Offers the PDF at [path] in the share sheet (mail, files, print); false when nothing can take it. */
    fun share(context: Context, path: String, subject: String, chooserTitle: String): Boolean {
        val uri = FileProvider.getUriForFile(context, authority(context), File(path))
        val send = Intent(Intent.ACTION_SEND)
            .setType(MIME)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .putExtra(Intent.EXTRA_SUBJECT, subject)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
            .apply { clipData = ClipData.newRawUri(null, uri) }
        return start(context, Intent.createChooser(send, chooserTitle))
    }

    /** Deletes the exported receipts (part of "delete all data on this phone" and the logout). */
    fun clear(context: Context) {
        dir(context).deleteRecursively()
    }

    /** The FileProvider's authority; the manifest declares `${applicationId}.files`. */
    private fun authority(context: Context) = "${context.packageName}.files"

    private fun start(context: Context, intent: Intent): Boolean = try {
        if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        context.startActivity(intent)
        true
    } catch (_: ActivityNotFoundException) {
        false
    }
}

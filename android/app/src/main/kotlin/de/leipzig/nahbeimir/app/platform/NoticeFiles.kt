package de.leipzig.nahbeimir.app.platform

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.ClipData
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.provider.DocumentsContract
import android.provider.OpenableColumns
import androidx.core.content.FileProvider
import de.leipzig.nahbeimir.core.UploadFile
import java.io.File
import java.io.IOException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * Files of official notices and the citizen's own files for a reply:
 *
 * - The PDFs of a notice, checked by the core against the city's SHA-512, are written by the
 *   state holder into the app's cache (`cache/notices/`, listed in `res/xml/file_paths.xml`)
 *   and lent read-only through the [FileProvider] to a PDF viewer ([view]) or to the app the
 *   citizen picks in the share sheet ([share]). Personal: they go with "delete all data" and
 *   the logout ([clear]).
 * - Saving where the citizen chooses uses the Storage Access Framework: one PDF through
 *   `CreateDocument` ([write]), the whole export (PDFs and the JSON copy) into a folder
 *   chosen with `OpenDocumentTree` ([copyToTree]). No storage permission is needed.
 * - Files picked for an upload (`OpenMultipleDocuments`) are read through the
 *   ContentResolver ([read]); a file over the city's limit is not read into memory at all.
 */
object NoticeFiles {
    private const val DIR = "notices"
    private const val EXPORT_DIR = "notices-export"

    /** The city's limit per file (the contract's `maxBytesPerFile`). */
    const val MAX_UPLOAD_BYTES = 20L * 1024 * 1024

    /** Where the state holder writes PDFs to show or share. */
    fun dir(context: Context): File = File(context.cacheDir, DIR)

    /** Where an export is written before it is copied to the folder the citizen chose. */
    fun exportDir(context: Context): File = File(context.cacheDir, EXPORT_DIR).apply {
        deleteRecursively()
        mkdirs()
    }

    /** Opens the file at [path] in a viewer for [mimeType]; false when there is none. */
    fun view(context: Context, path: String, mimeType: String): Boolean {
        val uri = FileProvider.getUriForFile(context, authority(context), File(path))
        val intent = Intent(Intent.ACTION_VIEW)
            .setDataAndType(uri, mimeType)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        return start(context, intent)
    }

    /** Offers the file at [path] in the share sheet; false when nothing can take it. */
    fun share(context: Context, path: String, mimeType: String, subject: String, chooserTitle: String): Boolean {
        val uri = FileProvider.getUriForFile(context, authority(context), File(path))
        val send = Intent(Intent.ACTION_SEND)
            .setType(mimeType)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .putExtra(Intent.EXTRA_SUBJECT, subject)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
            .apply { clipData = ClipData.newRawUri(null, uri) }
        return start(context, Intent.createChooser(send, chooserTitle))
    }

    /** Writes [bytes] to the document [target] the citizen created (`CreateDocument`). */
    suspend fun write(context: Context, target: Uri, bytes: ByteArray): Boolean = withContext(Dispatchers.IO) {
        try {
            context.contentResolver.openOutputStream(target, "wt")?.use { it.write(bytes) } != null
        } catch (_: IOException) {
            false
        } catch (_: SecurityException) {
            false
        }
    }

    /**
     * Copies [files] into the folder [tree] the citizen chose (`OpenDocumentTree`); the number
     * of files copied.
     */
    suspend fun copyToTree(context: Context, tree: Uri, files: List<String>): Int = withContext(Dispatchers.IO) {
        val resolver = context.contentResolver
        val parent = DocumentsContract.buildDocumentUriUsingTree(tree, DocumentsContract.getTreeDocumentId(tree))
        files.count { path ->
            val file = File(path)
            val mime = if (file.name.endsWith(".json", ignoreCase = true)) "application/json" else "application/pdf"
            try {
                val target = DocumentsContract.createDocument(resolver, parent, mime, file.name) ?: return@count false
                resolver.openOutputStream(target)?.use { out -> file.inputStream().use { it.copyTo(out) } } != null
            } catch (_: IOException) {
                false
            } catch (_: SecurityException) {
                false
            }
        }
    }

    /** Why a picked file cannot be sent. */
    enum class PickProblem { TOO_LARGE, UNREADABLE }

    /**
     * Reads the picked documents [uris] for an upload: name, MIME type and bytes. Files over
     * [MAX_UPLOAD_BYTES] or unreadable ones are left out and reported in the second list.
     * Which types the city takes is the core's check (it also looks at the bytes).
     */
    suspend fun read(context: Context, uris: List<Uri>): Pair<List<UploadFile>, List<PickProblem>> =
        withContext(Dispatchers.IO) {
            val resolver = context.contentResolver
            val files = mutableListOf<UploadFile>()
            val problems = mutableListOf<PickProblem>()
            for (uri in uris) {
                var name = uri.lastPathSegment ?: "datei"
                var size = -1L
                resolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME, OpenableColumns.SIZE), null, null, null)
                    ?.use { c ->
                        if (c.moveToFirst()) {
                            c.getString(0)?.let { name = it }
                            if (!c.isNull(1)) size = c.getLong(1)
                        }
                    }
                if (size > MAX_UPLOAD_BYTES) {
                    problems += PickProblem.TOO_LARGE
                    continue
                }
                val bytes = try {
                    resolver.openInputStream(uri)?.use { it.readBytes() }
                } catch (_: IOException) {
                    null
                } catch (_: SecurityException) {
                    null
                }
                when {
                    bytes == null -> problems += PickProblem.UNREADABLE
                    bytes.size > MAX_UPLOAD_BYTES -> problems += PickProblem.TOO_LARGE
                    else -> files += UploadFile(name, resolver.getType(uri) ?: "application/octet-stream", bytes)
                }
            }
            files to problems
        }

    /** Deletes the written PDFs and exports (part of "delete all data on this phone" and the logout). */
    fun clear(context: Context) {
        dir(context).deleteRecursively()
        File(context.cacheDir, EXPORT_DIR).deleteRecursively()
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

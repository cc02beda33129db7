package de.leipzig.nahbeimir.app.platform

import android.content.Context
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import de.leipzig.nahbeimir.core.PlatformException
import de.leipzig.nahbeimir.core.SecretStore
import java.io.File
import java.io.FileOutputStream
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.security.KeyStore
import java.security.MessageDigest
import java.security.ProviderException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The core's [SecretStore] on Android (security reference §3.1): an AES-256-GCM key that
 * never leaves the AndroidKeyStore (StrongBox when the phone has one) wraps each secret,
 * stored as `IV ‖ ciphertext` in its own file under `noBackupFilesDir/secrets/`, which
 * neither cloud backup nor device transfer copies. The key needs no user authentication:
 * background sync must read tokens while the screen is locked, as on iOS
 * (`AfterFirstUnlockThisDeviceOnly`).
 *
 * Errors reach the core as [PlatformException.Failed] naming what failed, never the key's
 * value or the secret.
 */
class KeystoreSecretStore(context: Context) : SecretStore {
    private val dir = File(context.noBackupFilesDir, "secrets")
    private val lock = Any()

    override fun get(key: String): ByteArray? = guarded("read") {
        val file = fileFor(key)
        if (!file.exists()) return@guarded null
        val blob = file.readBytes()
        if (blob.size <= IV_BYTES) throw PlatformException.Failed("stored secret is truncated")
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, secretKey(), GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES))
        cipher.updateAAD(file.name.toByteArray())
        cipher.doFinal(blob, IV_BYTES, blob.size - IV_BYTES)
    }

    override fun set(key: String, value: ByteArray) = guarded("write") {
        val file = fileFor(key)
        // The Keystore picks the IV: a fresh random one per encryption.
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, secretKey())
        // The file name as associated data: a blob moved to another key's file fails to decrypt.
        cipher.updateAAD(file.name.toByteArray())
        val sealed = cipher.iv + cipher.doFinal(value)
        // This copy of the plaintext is ours; do not leave it on the heap longer than needed.
        value.fill(0)
        writeAtomically(file, sealed)
    }

    override fun delete(key: String) = guarded("delete") {
        val file = fileFor(key)
        if (file.exists() && !file.delete()) throw PlatformException.Failed("could not delete stored secret")
    }

    /** Runs [block] under the store's lock; any failure becomes a [PlatformException]. */
    private fun <T> guarded(action: String, block: () -> T): T = synchronized(lock) {
        try {
            block()
        } catch (e: PlatformException) {
            throw e
        } catch (e: Exception) {
            // Keystore failures arrive checked and unchecked alike (IOException, ProviderException,
            // AEADBadTagException, ...), and whatever escapes a callback aborts the core's call.
            // Only the type is passed on: messages of crypto providers may quote their inputs.
            throw PlatformException.Failed("$action failed: ${e.javaClass.simpleName}")
        }
    }

    /** One file per key, named by the key's SHA-256 so key names never appear on disk. */
    private fun fileFor(key: String): File {
        val digest = MessageDigest.getInstance("SHA-256").digest(key.toByteArray())
        return File(dir, digest.joinToString("") { (it.toInt() and 0xff).toString(16).padStart(2, '0') })
    }

    /** Write, flush to disk, then rename over the old file: a crash leaves old or new, never half. */
    private fun writeAtomically(file: File, bytes: ByteArray) {
        dir.mkdirs()
        val temp = File.createTempFile("secret", ".tmp", dir)
        try {
            FileOutputStream(temp).use { out ->
                out.write(bytes)
                out.fd.sync()
            }
            Files.move(
                temp.toPath(),
                file.toPath(),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING
            )
        } finally {
            temp.delete()
        }
    }

    private fun secretKey(): SecretKey {
        val keyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (keyStore.getKey(KEY_ALIAS, null) as? SecretKey)?.let { return it }
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            try {
                return generateKey(strongBox = true)
            } catch (_: ProviderException) {
                // StrongBoxUnavailableException (no secure element), or one that fails to
                // generate the key: the TEE-backed Keystore it is.
            }
        }
        return generateKey(strongBox = false)
    }

    private fun generateKey(strongBox: Boolean): SecretKey {
        val purposes = KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT
        val spec = KeyGenParameterSpec.Builder(KEY_ALIAS, purposes)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(KEY_BITS)
            .setRandomizedEncryptionRequired(true)
            .apply { if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setIsStrongBoxBacked(true) }
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
            .apply { init(spec) }
            .generateKey()
    }

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "leipzig.secret-store.v1"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val KEY_BITS = 256
        const val TAG_BITS = 128
        const val IV_BYTES = 12
    }
}

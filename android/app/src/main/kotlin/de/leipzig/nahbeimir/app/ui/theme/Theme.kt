package de.leipzig.nahbeimir.app.ui.theme

import android.os.Build
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext

private val LeipzigBlue = Color(0xFF004B87)
private val LeipzigBlueLight = Color(0xFF9FCAFF)
private val LeipzigRed = Color(0xFFB3261E)

private val LightColors = lightColorScheme(
    primary = LeipzigBlue,
    onPrimary = Color.White,
    secondary = Color(0xFF535F70),
    error = LeipzigRed
)

private val DarkColors = darkColorScheme(
    primary = LeipzigBlueLight,
    onPrimary = Color(0xFF003258),
    secondary = Color(0xFFBBC7DB),
    error = Color(0xFFF2B8B5)
)

/**
 * Material 3's type scale: every size is in `sp`, so text follows the citizen's font size
 * setting (up to 200 % on Android 14). Screens never fix a text container's height.
 */
private val LeipzigTypography = Typography()

/**
 * The app's theme: light or dark as the system is set, and on Android 12+ the colours of
 * the citizen's wallpaper (dynamic colour); Leipzig blue elsewhere.
 */
@Composable
fun LeipzigTheme(darkTheme: Boolean = isSystemInDarkTheme(), content: @Composable () -> Unit) {
    val colors = when {
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.S -> {
            val context = LocalContext.current
            if (darkTheme) dynamicDarkColorScheme(context) else dynamicLightColorScheme(context)
        }

        darkTheme -> DarkColors

        else -> LightColors
    }
    MaterialTheme(colorScheme = colors, typography = LeipzigTypography, content = content)
}

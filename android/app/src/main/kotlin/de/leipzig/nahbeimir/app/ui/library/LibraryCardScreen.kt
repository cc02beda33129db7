// The library card at the counter: holder, number, the barcode drawn from the core's SVG, full brightness.
package de.leipzig.nahbeimir.app.ui.library

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper
import android.view.WindowManager
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.app.ui.common.FullScreenMessage
import de.leipzig.nahbeimir.app.ui.common.LeipzigTopBar
import de.leipzig.nahbeimir.app.ui.common.message
import de.leipzig.nahbeimir.presentation.library.BarcodeBars
import de.leipzig.nahbeimir.presentation.library.CardPhase
import de.leipzig.nahbeimir.presentation.library.CardView

/**
 * The active card, read from the phone only (works without reception): the barcode is drawn
 * from the core's SVG bars on a white canvas with quiet zones, the number below it; the
 * screen is at full brightness while shown so the counter's scanner reads it.
 */
@Composable
fun LibraryCardScreen(viewModel: LibraryCardViewModel, onBack: () -> Unit) {
    val state by viewModel.state.collectAsStateWithLifecycle()
    FullBrightness()
    Scaffold(topBar = { LeipzigTopBar(stringResource(R.string.library_card_title), onBack = onBack) }) { padding ->
        Column(Modifier.padding(padding)) {
            when (state.phase) {
                CardPhase.LOADING -> FullScreenMessage(stringResource(R.string.library_loading))
                CardPhase.NO_CARD -> FullScreenMessage(stringResource(R.string.library_no_card))
                CardPhase.ERROR -> FullScreenMessage(stringResource(state.error?.message() ?: R.string.error_other))
                CardPhase.CARD -> state.card?.let { CardContent(it) }
            }
        }
    }
}

@Composable
private fun CardContent(card: CardView) {
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp)
    ) {
        Card(Modifier.fillMaxWidth()) {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(stringResource(R.string.library_card_name), style = MaterialTheme.typography.titleMedium)
                card.holderName?.let { Text(it, style = MaterialTheme.typography.titleLarge) }
                card.branchName?.let { Text(it) }
                card.validUntil?.let { Text(stringResource(R.string.library_card_valid_until, it)) }
            }
        }
        val description = stringResource(R.string.library_card_barcode, card.cardNumber)
        Column(
            Modifier
                .fillMaxWidth()
                .background(Color.White)
                .padding(vertical = 16.dp)
                .semantics { contentDescription = description }
        ) {
            card.bars?.let { Barcode(it) }
            Text(
                card.cardNumber,
                color = Color.Black,
                fontFamily = FontFamily.Monospace,
                style = MaterialTheme.typography.headlineSmall,
                modifier = Modifier.padding(horizontal = 24.dp, vertical = 8.dp)
            )
        }
        Text(stringResource(R.string.library_card_offline), style = MaterialTheme.typography.bodySmall)
    }
}

/** The bars scaled to the width, with a quiet zone of ten modules on each side. */
@Composable
private fun Barcode(bars: BarcodeBars) {
    Canvas(Modifier.fillMaxWidth().height(120.dp)) {
        val quiet = QUIET_MODULES
        val scale = size.width / (bars.width + 2 * quiet)
        drawRect(Color.White)
        bars.bars.forEach { bar ->
            drawRect(
                color = Color.Black,
                topLeft = Offset((bar.x + quiet) * scale, 0f),
                size = Size(bar.width * scale, size.height)
            )
        }
    }
}

/** Full screen brightness while the card is shown; the citizen's setting again after. */
@Composable
private fun FullBrightness() {
    val activity = LocalContext.current.activity() ?: return
    DisposableEffect(activity) {
        val window = activity.window
        val before = window.attributes.screenBrightness
        window.attributes = window.attributes.apply {
            screenBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
        }
        onDispose {
            window.attributes = window.attributes.apply { screenBrightness = before }
        }
    }
}

private tailrec fun Context.activity(): Activity? = when (this) {
    is Activity -> this
    is ContextWrapper -> baseContext.activity()
    else -> null
}

private const val QUIET_MODULES = 10f

package de.leipzig.nahbeimir.app.ui

import androidx.compose.runtime.Composable
import androidx.lifecycle.createSavedStateHandle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.ui.home.HomeScreen
import de.leipzig.nahbeimir.app.ui.home.HomeViewModel
import de.leipzig.nahbeimir.app.ui.news.NewsDetailScreen
import de.leipzig.nahbeimir.app.ui.news.NewsDetailViewModel
import de.leipzig.nahbeimir.app.ui.news.NewsListScreen
import de.leipzig.nahbeimir.app.ui.news.NewsListViewModel
import de.leipzig.nahbeimir.app.ui.settings.SettingsScreen
import de.leipzig.nahbeimir.app.ui.settings.SettingsViewModel
import de.leipzig.nahbeimir.presentation.home.Feature

/** The app's destinations. */
object Routes {
    const val HOME = "home"
    const val NEWS = "news"
    const val NEWS_DETAIL = "news/{id}"
    const val SETTINGS = "settings"

    /** The detail of news item [id]. */
    fun newsDetail(id: Long) = "news/$id"

    /** Where each feature tile leads; features without a screen yet are not listed. */
    val features = mapOf(Feature.NEWS to NEWS)
}

/**
 * Navigation between the screens. Each destination gets its own view model, scoped to its
 * back stack entry, and the system back button pops the stack everywhere.
 */
@Composable
fun LeipzigNavHost(container: AppContainer, navController: NavHostController = rememberNavController()) {
    fun go(route: String) = navController.navigate(route) { launchSingleTop = true }
    val back: () -> Unit = { navController.navigateUp() }

    NavHost(navController, startDestination = Routes.HOME) {
        composable(Routes.HOME) {
            HomeScreen(
                viewModel = viewModel { HomeViewModel(container) },
                onFeature = { feature -> Routes.features[feature]?.let(::go) },
                onOpenNews = { id -> go(Routes.newsDetail(id)) },
                onAllNews = { go(Routes.NEWS) },
                onSettings = { go(Routes.SETTINGS) }
            )
        }
        composable(Routes.NEWS) {
            NewsListScreen(
                viewModel = viewModel { NewsListViewModel(container) },
                onOpen = { id -> go(Routes.newsDetail(id)) },
                onBack = back
            )
        }
        composable(Routes.NEWS_DETAIL, arguments = listOf(navArgument("id") { type = NavType.LongType })) {
            NewsDetailScreen(
                viewModel = viewModel {
                    NewsDetailViewModel(container, checkNotNull(createSavedStateHandle().get<Long>("id")))
                },
                onBack = back
            )
        }
        composable(Routes.SETTINGS) {
            SettingsScreen(viewModel = viewModel { SettingsViewModel(container) }, onBack = back)
        }
    }
}

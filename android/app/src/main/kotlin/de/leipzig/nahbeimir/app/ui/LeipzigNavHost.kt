package de.leipzig.nahbeimir.app.ui

import android.net.Uri
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.createSavedStateHandle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavBackStackEntry
import androidx.navigation.NavGraphBuilder
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.navigation
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.account.AccountScreen
import de.leipzig.nahbeimir.app.ui.account.AccountViewModel
import de.leipzig.nahbeimir.app.ui.account.ProfileScreen
import de.leipzig.nahbeimir.app.ui.account.ProfileViewModel
import de.leipzig.nahbeimir.app.ui.appointments.AppointmentsFlowViewModel
import de.leipzig.nahbeimir.app.ui.appointments.AppointmentsScreen
import de.leipzig.nahbeimir.app.ui.appointments.BookingScreen
import de.leipzig.nahbeimir.app.ui.appointments.BookingViewModel
import de.leipzig.nahbeimir.app.ui.appointments.MyAppointmentsViewModel
import de.leipzig.nahbeimir.app.ui.appointments.SlotSearchScreen
import de.leipzig.nahbeimir.app.ui.appointments.SlotSearchViewModel
import de.leipzig.nahbeimir.app.ui.appointments.WatchesScreen
import de.leipzig.nahbeimir.app.ui.appointments.WatchesViewModel
import de.leipzig.nahbeimir.app.ui.facilities.FacilitiesScreen
import de.leipzig.nahbeimir.app.ui.facilities.FacilitiesViewModel
import de.leipzig.nahbeimir.app.ui.facilities.FacilityDetailScreen
import de.leipzig.nahbeimir.app.ui.facilities.FacilityDetailViewModel
import de.leipzig.nahbeimir.app.ui.home.HomeScreen
import de.leipzig.nahbeimir.app.ui.home.HomeViewModel
import de.leipzig.nahbeimir.app.ui.news.NewsDetailScreen
import de.leipzig.nahbeimir.app.ui.news.NewsDetailViewModel
import de.leipzig.nahbeimir.app.ui.news.NewsListScreen
import de.leipzig.nahbeimir.app.ui.news.NewsListViewModel
import de.leipzig.nahbeimir.app.ui.settings.SettingsScreen
import de.leipzig.nahbeimir.app.ui.settings.SettingsViewModel
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.SubjectKind
import de.leipzig.nahbeimir.presentation.home.Feature
import kotlinx.coroutines.flow.filter

/** The app's destinations. */
object Routes {
    const val HOME = "home"
    const val NEWS = "news"
    const val NEWS_DETAIL = "news/{id}"
    const val SETTINGS = "settings"

    /** Login, who is logged in, logout. */
    const val ACCOUNT = "account"

    /** The citizen's profile ("my data"). */
    const val PROFILE = "account/profile"

    /** The appointments feature's nested graph; its view models shared by its screens live here. */
    const val APPOINTMENTS_GRAPH = "appointments-flow"

    /** My appointments, the feature's entry. */
    const val APPOINTMENTS = "appointments"

    /** The slot search, optionally with a service chosen ("rebook"). */
    const val APPOINTMENTS_SEARCH = "appointments/search?service={service}"

    /** The booking form; slot and office come from [AppointmentsFlowViewModel], not the route. */
    const val APPOINTMENTS_BOOK = "appointments/book"

    /** The watches ("tell me when a slot frees up"). */
    const val APPOINTMENTS_WATCHES = "appointments/watches"

    /** The facility finder. */
    const val FACILITIES = "facilities"

    /** One facility; its id is the city layer's (a string, encoded into the route). */
    const val FACILITY_DETAIL = "facilities/{id}"

    /** Route argument of [FACILITY_DETAIL]: the facility's id. */
    const val FACILITY_ARG = "id"

    /** What I owe: fees and notices, the payments feature's entry. */
    const val PAYMENTS = "payments"

    /** Paying one fee or notice; kind and id of the subject in the route. */
    const val PAY = "payments/pay/{kind}/{id}"

    /** Following a payment whose return link opened the app while no pay screen was open. */
    const val PAY_RETURN = "payments/return"

    /** My payments and their receipts. */
    const val PAYMENTS_HISTORY = "payments/history"

    /** Route arguments of [PAY]. */
    const val PAY_KIND_ARG = "kind"
    const val PAY_ID_ARG = "id"

    /** The mailbox of official notices (Bescheide), the notices feature's entry. */
    const val NOTICES = "notices"

    /** One notice; its id in the route. */
    const val NOTICE = "notices/notice/{id}"

    /** A reply of a kind (`OBJECTION`, `UPLOAD_DOCUMENT`, `ACKNOWLEDGE`) to one notice. */
    const val NOTICE_REPLY = "notices/notice/{id}/reply/{kind}"

    /** Every deadline of every notice. */
    const val NOTICE_DEADLINES = "notices/deadlines"

    /** Route arguments of [NOTICE] and [NOTICE_REPLY]. */
    const val NOTICE_ARG = "id"
    const val REPLY_KIND_ARG = "kind"

    /** The library feature's nested graph; its entry owns the view model the order screens share. */
    const val LIBRARY_GRAPH = "library-flow"

    /** The library card: card types with the city's fees, or where the order stands. */
    const val LIBRARY = "library"

    /** The order form of a library card. */
    const val LIBRARY_ORDER = "library/order"

    /** The active library card with its barcode (works offline). */
    const val LIBRARY_CARD = "library/card"

    /** Route argument of [APPOINTMENTS_SEARCH]: a service id, -1 for none. */
    const val SERVICE_ARG = "service"
    private const val NO_SERVICE = -1L

    /** The detail of news item [id]. */
    fun newsDetail(id: Long) = "news/$id"

    /** The detail of facility [id]; encoded, as the layer's ids may hold any character. */
    fun facilityDetail(id: String) = "facilities/${Uri.encode(id)}"

    /** Paying [subject]; its id is encoded, as the city's ids are strings. */
    fun pay(subject: PaymentSubject) = "payments/pay/${subject.kind.name}/${Uri.encode(subject.id)}"

    /** Notice [id]; encoded, as the city's ids are strings. */
    fun notice(id: String) = "notices/notice/${Uri.encode(id)}"

    /** A reply of [kind] to notice [id]. */
    fun noticeReply(id: String, kind: ReplyKind) = "notices/notice/${Uri.encode(id)}/reply/${kind.name}"

    /** The reply kind of the [NOTICE_REPLY] route's argument; null when it is not one (paying is no reply). */
    fun replyKind(kind: String?): ReplyKind? = ReplyKind.entries.firstOrNull { it.name == kind && it != ReplyKind.PAY }

    /** The subject of the [PAY] route's arguments; null when they are not one. */
    fun paySubject(kind: String?, id: String?): PaymentSubject? {
        val k = SubjectKind.entries.firstOrNull { it.name == kind } ?: return null
        return id?.takeIf { it.isNotEmpty() }?.let { PaymentSubject(k, it) }
    }

    /** The slot search, with [serviceId] already chosen when given. */
    fun appointmentsSearch(serviceId: UInt? = null) =
        if (serviceId == null) "appointments/search" else "appointments/search?service=$serviceId"

    /** The service id passed to the search, if any. */
    fun preselectedService(value: Long?): UInt? = value?.takeIf { it >= 0 }?.toUInt()

    /** The search's argument (a Long: navigation has no unsigned type). */
    val searchArguments = listOf(
        navArgument(SERVICE_ARG) {
            type = NavType.LongType
            defaultValue = NO_SERVICE
        }
    )

    /** Where each feature tile leads; features without a screen yet are not listed. */
    val features = mapOf(
        Feature.NEWS to NEWS,
        Feature.APPOINTMENTS to APPOINTMENTS,
        Feature.FACILITIES to FACILITIES,
        Feature.NOTICES to NOTICES,
        Feature.PAYMENTS to PAYMENTS,
        Feature.LIBRARY to LIBRARY
    )
}

/**
 * Navigation between the screens. Each destination gets its own view model, scoped to its
 * back stack entry, and the system back button pops the stack everywhere. The appointment
 * screens form a nested graph whose entry also owns the view models they share. [pages] opens
 * payment pages (Auth Tab, else Custom Tab), also for a notice paid from its screen.
 */
@Composable
fun LeipzigNavHost(
    container: AppContainer,
    pages: PaymentPages,
    navController: NavHostController = rememberNavController()
) {
    fun go(route: String) = navController.navigate(route) { launchSingleTop = true }
    val back: () -> Unit = { navController.navigateUp() }

    NavHost(navController, startDestination = Routes.HOME) {
        composable(Routes.HOME) {
            HomeScreen(
                viewModel = viewModel { HomeViewModel(container) },
                onFeature = { feature -> Routes.features[feature]?.let(::go) },
                onOpenNews = { id -> go(Routes.newsDetail(id)) },
                onAllNews = { go(Routes.NEWS) },
                onAccount = { go(Routes.ACCOUNT) },
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
        composable(Routes.ACCOUNT) {
            AccountScreen(
                viewModel = viewModel { AccountViewModel(container) },
                onProfile = { go(Routes.PROFILE) },
                onBack = back
            )
        }
        composable(Routes.PROFILE) {
            ProfileScreen(viewModel = viewModel { ProfileViewModel(container) }, onBack = back)
        }
        appointments(container, navController, ::go, back)
        facilities(container, ::go, back)
        noticesGraph(container, pages, ::go, back)
        paymentsGraph(container, pages, navController, ::go, back)
        libraryGraph(container, pages, navController, ::go, back)
    }
    // A login redirect leads to the account screen, whose view model completes the login: also
    // when the app was started by it, after Android ended the app while the browser was open.
    LaunchedEffect(container) {
        container.deepLinks.links.filter(container.deepLinks::isLoginRedirect).collect { go(Routes.ACCOUNT) }
    }
    // A payment page's return: the open pay screen takes it; without one (the app was started by
    // the link, or the citizen went elsewhere) a pay screen for that payment opens.
    LaunchedEffect(container) {
        container.deepLinks.links.filter(container.deepLinks::isPaymentReturn).collect {
            val here = navController.currentDestination?.route
            if (here != Routes.PAY && here != Routes.PAY_RETURN) go(Routes.PAY_RETURN)
        }
    }
}

/** The facility finder and a facility's detail. */
private fun NavGraphBuilder.facilities(container: AppContainer, go: (String) -> Unit, back: () -> Unit) {
    composable(Routes.FACILITIES) {
        FacilitiesScreen(
            viewModel = viewModel { FacilitiesViewModel(container) },
            onOpen = { id -> go(Routes.facilityDetail(id)) },
            onBack = back
        )
    }
    composable(
        Routes.FACILITY_DETAIL,
        arguments = listOf(navArgument(Routes.FACILITY_ARG) { type = NavType.StringType })
    ) {
        FacilityDetailScreen(
            viewModel = viewModel {
                FacilityDetailViewModel(
                    container,
                    checkNotNull(createSavedStateHandle().get<String>(Routes.FACILITY_ARG))
                )
            },
            onBack = back
        )
    }
}

/** The appointments feature: my appointments, search, booking and watches. */
private fun NavGraphBuilder.appointments(
    container: AppContainer,
    navController: NavHostController,
    go: (String) -> Unit,
    back: () -> Unit
) = navigation(startDestination = Routes.APPOINTMENTS, route = Routes.APPOINTMENTS_GRAPH) {
    composable(Routes.APPOINTMENTS) { entry ->
        val flow = navController.flowViewModel(entry, container)
        AppointmentsScreen(
            viewModel = viewModel { MyAppointmentsViewModel(container) },
            onSearch = {
                flow.startSearch(null)
                go(Routes.appointmentsSearch())
            },
            onRebook = { serviceId, row ->
                flow.startSearch(row)
                go(Routes.appointmentsSearch(serviceId))
            },
            onWatches = { go(Routes.APPOINTMENTS_WATCHES) },
            onBack = back
        )
    }
    composable(Routes.APPOINTMENTS_SEARCH, arguments = Routes.searchArguments) { entry ->
        val flow = navController.flowViewModel(entry, container)
        SlotSearchScreen(
            viewModel = viewModel {
                val service = Routes.preselectedService(createSavedStateHandle().get<Long>(Routes.SERVICE_ARG))
                SlotSearchViewModel(container, service)
            },
            watches = navController.watchesViewModel(entry, container),
            onServices = flow::knowServices,
            onBook = { slot, office ->
                flow.choose(slot, office)
                go(Routes.APPOINTMENTS_BOOK)
            },
            onWatches = { go(Routes.APPOINTMENTS_WATCHES) },
            onBack = back
        )
    }
    composable(Routes.APPOINTMENTS_BOOK) { entry ->
        val flow = navController.flowViewModel(entry, container)
        val selection = flow.selection
        if (selection == null) {
            // The process was restarted on this screen: the chosen slot is gone, so is the form.
            LaunchedEffect(Unit) { navController.popBackStack() }
            return@composable
        }
        val names by flow.serviceNames.collectAsStateWithLifecycle()
        BookingScreen(
            viewModel = viewModel {
                BookingViewModel(container, selection.slot, selection.office, flow.rebooking, selection.prefill)
            },
            serviceName = names[selection.slot.serviceId],
            rebooking = flow.rebooking,
            onSearchAgain = { serviceId ->
                navController.navigate(Routes.appointmentsSearch(serviceId)) { popUpTo(Routes.APPOINTMENTS) }
            },
            onDone = { navController.popBackStack(Routes.APPOINTMENTS, inclusive = false) },
            onBack = back
        )
    }
    composable(Routes.APPOINTMENTS_WATCHES) { entry ->
        val flow = navController.flowViewModel(entry, container)
        val names by flow.serviceNames.collectAsStateWithLifecycle()
        WatchesScreen(
            viewModel = navController.watchesViewModel(entry, container),
            serviceNames = names,
            officeOf = flow::officeOf,
            onBook = { slot, office ->
                flow.choose(slot, office)
                go(Routes.APPOINTMENTS_BOOK)
            },
            onSearch = {
                flow.startSearch(null)
                go(Routes.appointmentsSearch())
            },
            onBack = back
        )
    }
}

/** The appointments graph's entry, which owns the view models its screens share. */
@Composable
private fun NavHostController.appointmentsEntry(entry: NavBackStackEntry): NavBackStackEntry =
    remember(entry) { getBackStackEntry(Routes.APPOINTMENTS_GRAPH) }

@Composable
private fun NavHostController.flowViewModel(entry: NavBackStackEntry, container: AppContainer) =
    viewModel(appointmentsEntry(entry)) { AppointmentsFlowViewModel(container) }

@Composable
private fun NavHostController.watchesViewModel(entry: NavBackStackEntry, container: AppContainer) =
    viewModel(appointmentsEntry(entry)) { WatchesViewModel(container) }

package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dev.greenwire.NotifyDelivered: a notification, from the read of its message to the application. */
@Name("dev.greenwire.NotifyDelivered")
@Label("Notify Delivered")
@Category({"Greenwire", "Notification"})
@Description("A LISTEN/NOTIFY notification, from the read that brought its NotificationResponse in (the"
        + " protocol carries no send time) to its hand-off: returned by awaitNotifies, or appended to notifies()")
@StackTrace(false)
public final class NotifyDeliveredEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final NotifyDeliveredEvent PROBE = new NotifyDeliveredEvent();

    @Label("Channel")
    public String channel;

    @Label("Sender PID")
    @Description("The server process of the session that sent NOTIFY")
    public int senderPid;

    @Label("Payload Length")
    @Description("Characters in the payload (the payload itself is not recorded)")
    public int payloadLength;

    @Label("Delivery")
    @Description("awaitNotifies, or notifies (appended to the connection's collection)")
    public String delivery;

    @Label("Backend PID")
    @Description("The server process of the listening connection")
    public int backendPid;
}

/** The web application's side of the event stream: following the topics the services write to. */
package dev.groundwork.web.events;

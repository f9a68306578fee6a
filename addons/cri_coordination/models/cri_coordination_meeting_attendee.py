"""meeting_attendee"""

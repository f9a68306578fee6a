"""test_activity"""

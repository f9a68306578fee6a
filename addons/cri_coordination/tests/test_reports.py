"""test_reports"""
